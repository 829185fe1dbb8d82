"""The answers file's usual form is read without PyYAML (wizard/core/flatyaml.py): it must
read exactly what PyYAML's path reads (values, their types, and the line and column of
each, which error messages name), and leave everything else to that path."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wizard import rulecache
from wizard.core.flatyaml import load_flat
from wizard.core.located import YamlSyntaxError
from wizard.core.yamlsource import load_text
from wizard.paths import builtin_rules_dir

ROOT = Path(__file__).resolve().parent.parent
TESTS = Path(__file__).resolve().parent
NOW = "2026-11-27T10:00:00+01:00"

KEYS = ["age", "pain", "red_flags", "symptoms", "onset", "trauma_kind", "sudden_trauma", "x",
        "_a", "a_1", "yes", "no", "on", "off", "true", "false", "null", "Age", "y", "n", "<<",
        "1", "a b", "a-b", "über"]
SEPARATORS = [": ", ":  ", ":", ":\t", " : ", ": \t"]
VALUES = ["34", "0", "6", "050", "00", "1_000", "-3", "+3", "0x1F", "0o17", "0b11", "1:20", "6.5",
          "6.", ".5", "1e3", ".inf", "-.inf", ".nan", "12345678901", "9999999999", "true",
          "false", "True", "FALSE", "yes", "no", "on", "off", "Off", "y", "n", "null", "Null", "~",
          "", "lifting", "stiffness", "_x", "a_b", "Lifting", "lift_1", "inf", "nan",
          "2026-11-27", "2026-11-27T07:30:00+01:00", "2026-11-27T07:30:00Z",
          "2026-11-27t07:30:00Z", "2026-11-27 07:30:00", "2026-11-27T07:30", "2026-11-27T7:30",
          "2026-11-27T07:30:00.123456+01:00", "2026-11-27T07:30:00.1234567+01:00", "2026-1-27",
          "07:30", "20261127", '"quoted"', "'single'", "[]", "[ ]", "[a]", "[a, b]", "[a,b]",
          "[ a , b ]", "[a, b,]", "[yes]", "[on, b]", "[1, 2]", "[a, [b]]", "[a", "{a: 1}", "{}",
          "a # c", "a#c", "a  #c", "&x a", "*x", "!!str a", "|", "> x", "- a", "a: b", "über",
          "lift ing", "a,b", "[a b]", "?", "%", "@a", "`a`", "a\\tb", "1" * 41, "9" * 60]
TRAILING = ["", " ", "  # comment", " #", "#c", "\t", " # ü", "   ", " # \x1b[31m", " # \x85b: 1",
            " # \u2028b: 1", " # \x07", "\x0c"]
OTHER_LINES = ["", "# comment", "  # indented comment", "   ", "---", "...", "- a", "  - a",
               "  nested: 1", "\ta: 1", "#ü", "# a: 1", "%YAML 1.1", "\ufeff# bom", "\x1b[31m",
               "# \x00", "# a\x85b: 1", "\x0b"]


def typed(value: Any) -> Any:
    """A value with the type of each part, so that True and 1, or '6' and 6, differ."""
    if isinstance(value, dict):
        return {typed(k): typed(v) for k, v in value.items()}
    if isinstance(value, list):
        return [typed(v) for v in value]
    return (type(value).__name__, value)


def by_pyyaml(text: str) -> Any:
    try:
        src = load_text(text, "answers.yaml", strict=True)
    except YamlSyntaxError as exc:
        return f"refused: {exc}"
    return typed(src.data), src.marks


def same_as_pyyaml(text: str) -> bool:
    """True when the fast path read `text`; it must then agree with PyYAML's path."""
    flat = load_flat(text, "answers.yaml")
    if flat is None:
        return False
    assert (typed(flat.data), flat.marks) == by_pyyaml(text), text
    return True




def test_every_single_line_reads_as_pyyaml_reads_it() -> None:
    """Every key with every value, and every value with every separator and ending."""
    texts = {f"{key}: {value}\n" for key in KEYS for value in VALUES}
    texts |= {f"age{sep}{value}{end}\n" for sep in SEPARATORS for value in VALUES
              for end in TRAILING}
    read = sum(same_as_pyyaml(text) for text in sorted(texts))
    assert read > 500, "the fast path reads the usual lines itself"


def mostly(usual: list[str], unusual: list[str]) -> st.SearchStrategy[str]:
    """Usually a part of the usual form: a file with one odd part, in a file of usual
    lines, is the case that matters."""
    return st.one_of(*[st.sampled_from(usual)] * 4, st.sampled_from(unusual))


key_lines = st.builds(lambda k, s, v, t: f"{k}{s}{v}{t}",
                      mostly(["age", "pain", "red_flags", "symptoms", "onset", "x"], KEYS),
                      mostly([": "], SEPARATORS), mostly(["6", "lifting", "[a, b]"], VALUES),
                      mostly(["", "  # comment"], TRAILING))
any_line = st.one_of(key_lines, key_lines, key_lines, st.sampled_from(OTHER_LINES))
endings = st.sampled_from(["", "\n", "\n\n", "\r\n"])


@settings(max_examples=3000, deadline=None)
@given(st.lists(any_line, max_size=6), endings)
def test_what_the_fast_path_reads_pyyaml_reads_the_same(lines: list[str], end: str) -> None:
    same_as_pyyaml("\n".join(lines) + end)


# The usual form: what the fast path must read itself, or `plan` would load PyYAML again.
USUAL_VALUES = ["34", "0", "10", "true", "false", "lifting", "stiffness", "[]", "[stiffness]",
                "[stiffness, tightness]", "[a,b]", "[ a , b ]", "2026-11-27T07:30:00+01:00",
                "2026-11-27T07:30:00Z", "2026-11-27", "2026-11-27T07:30+01:00"]
usual_lines = st.one_of(
    st.builds(lambda k, v, t: f"{k}: {v}{t}", st.sampled_from(KEYS[:10]),
              st.sampled_from(USUAL_VALUES), st.sampled_from(["", " ", "  # a comment"])),
    st.sampled_from(["", "# A comment.", "  # another"]))


@settings(max_examples=500, deadline=None)
@given(st.lists(usual_lines, max_size=10).filter(
    lambda ls: any(":" in line and not line.lstrip().startswith("#") for line in ls)
    and len({line.split(":")[0] for line in ls if ":" in line and not line.lstrip().startswith("#")})
    == sum(1 for line in ls if ":" in line and not line.lstrip().startswith("#"))))
def test_the_usual_form_is_read_without_pyyaml(lines: list[str]) -> None:
    assert same_as_pyyaml("\n".join(lines) + "\n"), lines


@pytest.mark.parametrize("path", sorted((ROOT / "examples").glob("*.yaml"))
                         + sorted((TESTS / "hostile" / "answers-good").glob("*.yaml"))
                         + sorted((TESTS / "bad_answers").glob("*.yaml"))
                         + sorted((TESTS / "hostile" / "answers").glob("*.yaml")),
                         ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_answers_file_here_reads_as_pyyaml_reads_it(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    used = same_as_pyyaml(text)
    if path.parent.name == "examples":
        assert used, "the example is in the usual form: read without PyYAML"
    if path.name in ("duplicate-age.yaml", "not-yaml.yaml", "age-050.yaml"):
        assert not used, "PyYAML's path says what is wrong, or reads 050 as fifty"


def run_plan(answers: Path, data: Path) -> tuple[int, str, bool]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SPASM_WIZARD_DATA_DIR": str(data)}
    code = ("import json, sys; from wizard.cli import main; code = main(sys.argv[1:]); "
            "print(json.dumps([code, 'yaml' in sys.modules]))")
    result = subprocess.run([sys.executable, "-c", code, "plan", "--json", "--answers",
                             str(answers), "--now", NOW], env=env, text=True,
                            capture_output=True, timeout=60)
    *plan, last = result.stdout.splitlines()
    code, loaded = json.loads(last)
    return code, "\n".join(plan), loaded


def test_plan_with_the_usual_answers_file_never_loads_pyyaml(tmp_path: Path) -> None:
    """With the rule set's cache warm, `plan` on the example loads no PyYAML; the same answers
    written another way (a quoted date, a list as lines) load it and give the same plan."""
    data = tmp_path / "data"
    rulecache.load(builtin_rules_dir(), data, write=True)
    example = ROOT / "examples" / "lifting-strain.yaml"
    other = tmp_path / "other.yaml"
    other.write_text("age: 34\nred_flags: []\nsudden_trauma: true\ntrauma_kind: 'lifting'\n"
                     'onset: "2026-11-27T07:30:00+01:00"\nsymptoms:\n  - stiffness\n'
                     "  - tightness\npain: 6\n", encoding="utf-8")
    code, plan, loaded = run_plan(example, data)
    assert (code, loaded) == (0, False)
    code, plan_other, loaded = run_plan(other, data)
    assert (code, loaded) == (0, True)
    assert json.loads(plan_other) == json.loads(plan)


def test_a_huge_list_is_left_to_the_guard_without_being_built() -> None:
    """A list of 300,000 words on one line (900 KB, under the 1 MB limit) is left to PyYAML's
    path before the fast path's pattern runs over it (its repeats took 100 MB): the guard
    there refuses it by counting, within the hostile-input budget (benchmarks/hostile.py)."""
    import tracemalloc
    text = "age: 34\nsymptoms: [" + ", ".join(["a"] * 300_000) + "]\n"
    tracemalloc.start()
    try:
        assert load_flat(text, "answers.yaml") is None
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 3 * len(text), f"{peak:,} bytes for a text of {len(text):,}"
