"""The cache of the parsed rule set (issue 11): used only when it is exactly right, and any
damage, change or foreign thing there falls back to the YAML with the same plan."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from wizard import rulecache
from wizard.cli import main
from wizard.core.answers import validate_answers
from wizard.core.engine import Engine
from wizard.core.ruleset import FILES, load_ruleset, parse_source
from wizard.paths import builtin_rules_dir

from conftest import NOW

ROOT = Path(__file__).resolve().parent.parent
ANSWERS = {"age": 34, "red_flags": [], "sudden_trauma": True, "trauma_kind": "lifting",
           "onset": "2026-11-27T07:30:00+01:00", "symptoms": ["stiffness"], "pain": 6}


def plan_of(ruleset) -> dict:
    return Engine(ruleset).evaluate(validate_answers(dict(ANSWERS), ruleset, NOW), NOW).to_json()


def parsed_by_yaml(directory: Path) -> list:
    return [parse_source(directory, name, (directory / name).read_bytes()) for name in FILES]


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def rules(tmp_path: Path) -> Path:
    """A copy of the built-in rule set that a test may change."""
    return Path(shutil.copytree(builtin_rules_dir(), tmp_path / "rules"))


def test_the_cache_holds_exactly_what_the_parser_made(data: Path) -> None:
    rulecache.load(builtin_rules_dir(), data)
    cached = rulecache._from_cache(rulecache.cache_file(data), builtin_rules_dir(), FILES,
                                   [(builtin_rules_dir() / n).read_bytes() for n in FILES])
    assert cached is not None, "the cache written by the first load is used by the next"
    for got, want in zip(cached, parsed_by_yaml(builtin_rules_dir())):
        assert got.file == want.file
        assert got.data == want.data
        assert got.marks == want.marks          # error messages keep their lines and columns


def test_a_later_start_does_not_parse_yaml_and_gives_the_same_plan(data: Path) -> None:
    """In fresh interpreters, as the window and `checkin` start: PyYAML is not even loaded."""
    code = ("import json, sys; from pathlib import Path; from wizard import rulecache; "
            "from wizard.paths import builtin_rules_dir; "
            f"r = rulecache.load(builtin_rules_dir(), Path({str(data)!r})); "
            "print(json.dumps({'yaml': 'yaml' in sys.modules, 'rules': sorted(r.rules)}))")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    first, second = (json.loads(subprocess.run([sys.executable, "-c", code], env=env, check=True,
                                               capture_output=True, text=True).stdout)
                     for _ in range(2))
    assert first["yaml"] is True and second["yaml"] is False
    assert first["rules"] == second["rules"]
    assert plan_of(rulecache.load(builtin_rules_dir(), data)) == plan_of(
        load_ruleset(builtin_rules_dir()))


def test_the_cache_is_private_and_written_whole(data: Path) -> None:
    rulecache.load(builtin_rules_dir(), data)
    path = rulecache.cache_file(data)
    assert path.stat().st_mode & 0o777 == 0o600
    assert path.parent.stat().st_mode & 0o777 == 0o700
    assert [p.name for p in path.parent.iterdir()] == ["rules.msgpack"]  # no part file left


def test_a_changed_rule_file_is_read_from_the_yaml(data: Path, rules: Path) -> None:
    rulecache.load(rules, data)
    path = rules / "advice.yaml"
    text = path.read_text(encoding="utf-8")
    assert "title: Get help now" in text
    path.write_text(text.replace("title: Get help now", "title: Changed get help now"), encoding="utf-8")
    fresh = rulecache.load(rules, data)
    assert any(a.title.startswith("Changed ") for a in fresh.advice.values())
    # and the cache now follows the changed file
    again = rulecache.load(rules, data)
    assert [a.title for a in again.advice.values()] == [a.title for a in fresh.advice.values()]


def damage_flip(blob: bytes) -> bytes:
    middle = len(blob) // 2
    return blob[:middle] + bytes([blob[middle] ^ 0x01]) + blob[middle + 1:]


@pytest.mark.parametrize("damage", [
    pytest.param(lambda blob: b"", id="empty"),
    pytest.param(lambda blob: blob[: len(blob) // 3], id="cut short"),
    pytest.param(lambda blob: os.urandom(len(blob)), id="noise"),
    pytest.param(damage_flip, id="one bit flipped"),
    pytest.param(lambda blob: b"\x00" * 9_000_000, id="too large"),
    pytest.param(lambda blob: rulecache.MAGIC + rulecache._crc(b"\x93\x01") + b"\x93\x01",
                 id="foreign but whole"),
])
def test_a_damaged_cache_falls_back_to_the_yaml_and_is_made_again(data: Path, damage) -> None:
    want = plan_of(load_ruleset(builtin_rules_dir()))
    rulecache.load(builtin_rules_dir(), data)
    path = rulecache.cache_file(data)
    good = path.read_bytes()
    path.write_bytes(damage(good))
    assert plan_of(rulecache.load(builtin_rules_dir(), data)) == want
    assert path.read_bytes() == good, "the damaged cache is replaced by a good one"


def test_a_cache_of_another_version_is_not_used(data: Path, monkeypatch) -> None:
    rulecache.load(builtin_rules_dir(), data)
    raws = [(builtin_rules_dir() / n).read_bytes() for n in FILES]
    monkeypatch.setattr(rulecache, "__version__", "9.9.9")
    assert rulecache._from_cache(rulecache.cache_file(data), builtin_rules_dir(), FILES, raws) is None
    rulecache.load(builtin_rules_dir(), data)      # made again, for this version
    assert rulecache._from_cache(rulecache.cache_file(data), builtin_rules_dir(), FILES, raws) is not None


def test_a_cache_that_fails_a_check_is_not_trusted(data: Path, monkeypatch) -> None:
    """Every check runs on the cache as on the YAML; a cache whose content would fail one
    (made whole, with a good checksum, but wrong) gives way to the YAML."""
    real = rulecache.load(builtin_rules_dir(), data)
    sources = parsed_by_yaml(builtin_rules_dir())
    sources[2].data["tables"][0]["rules"][0]["then"] = "no_such_outcome"
    raws = [(builtin_rules_dir() / n).read_bytes() for n in FILES]
    assert rulecache.store(rulecache.cache_file(data), FILES, raws, tuple(sources))
    assert plan_of(rulecache.load(builtin_rules_dir(), data)) == plan_of(real)


def test_a_link_in_place_of_the_cache_is_neither_followed_nor_written_through(
        data: Path, tmp_path: Path) -> None:
    outside = tmp_path / "someone-elses-file"
    outside.write_bytes(b"not ours")
    folder = data / "cache"
    folder.mkdir(parents=True)
    (folder / "rules.msgpack").symlink_to(outside)
    rulecache.load(builtin_rules_dir(), data)
    assert outside.read_bytes() == b"not ours"
    assert not (folder / "rules.msgpack").is_symlink()


@pytest.mark.parametrize("what", ["a folder at the file", "a file at the folder"])
def test_something_else_standing_there_is_left_alone(data: Path, what: str) -> None:
    want = plan_of(load_ruleset(builtin_rules_dir()))
    data.mkdir()
    if what == "a folder at the file":
        (data / "cache" / "rules.msgpack").mkdir(parents=True)
        ((data / "cache" / "rules.msgpack") / "keep").write_text("x")
    else:
        (data / "cache").write_text("a file of the person's")
    assert plan_of(rulecache.load(builtin_rules_dir(), data)) == want
    if what == "a folder at the file":
        assert ((data / "cache" / "rules.msgpack") / "keep").read_text() == "x"
    else:
        assert (data / "cache").read_text() == "a file of the person's"


def test_a_data_folder_that_cannot_be_written_still_loads(tmp_path: Path) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where the data folder's parent should be")
    want = plan_of(load_ruleset(builtin_rules_dir()))
    assert plan_of(rulecache.load(builtin_rules_dir(), blocker / "data")) == want


def test_plan_reads_the_cache_but_stores_nothing(tmp_path: Path, monkeypatch, capsys) -> None:
    data = tmp_path / "data"
    monkeypatch.setenv("SPASM_WIZARD_DATA_DIR", str(data))
    answers = ROOT / "examples" / "lifting-strain.yaml"
    assert main(["plan", "--answers", str(answers), "--now", NOW.isoformat(), "--json"]) == 0
    assert not data.exists(), "plan stores nothing, not even the cache"
    assert main(["checkin", "--answers", str(answers), "--now", NOW.isoformat()]) == 0
    assert rulecache.cache_file(data).is_file(), "checkin stores, and keeps the cache"
    capsys.readouterr()
    assert main(["forget", "--yes"]) == 0
    assert not data.exists(), "forget removes the cache with the rest"


def test_history_and_close_read_the_cache(tmp_path: Path) -> None:
    """After a check-in, `history` (which stores nothing, not even the cache) and `close` (which
    makes the cache again, as checkin does) load the rule set without PyYAML."""
    data = tmp_path / "data"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SPASM_WIZARD_DATA_DIR": str(data)}
    answers = ROOT / "examples" / "lifting-strain.yaml"

    def run(*argv: str) -> str:
        code = ("import sys; from wizard.cli import main; code = main(sys.argv[1:]); "
                "print(code, 'yaml' in sys.modules)")
        result = subprocess.run([sys.executable, "-c", code, *argv], env=env, text=True,
                                capture_output=True, timeout=60)
        return result.stdout.splitlines()[-1]

    assert run("checkin", "--answers", str(answers), "--now", NOW.isoformat()) == "0 True"
    assert run("history") == "0 False"
    rulecache.cache_file(data).unlink()
    assert run("history") == "0 True"
    assert not rulecache.cache_file(data).exists(), "history stores nothing"
    assert run("close", "--now", NOW.isoformat()) == "0 True"
    assert rulecache.cache_file(data).is_file(), "close keeps the cache, as checkin does"
    assert run("history") == "0 False"
