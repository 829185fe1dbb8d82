"""The standalone program (issue 14): built with the one command, packaging/build.py, then
copied away and the build deleted (its venv too), and run from an empty folder with no
Python on the PATH and a PYTHONPATH and PYTHONHOME that would break a Python program, so
that nothing can come from the checkout or a Python installation.

The build takes 4 to 7 minutes on 2 cores: this runs only when asked,

    SPASM_WIZARD_BUILD_STANDALONE=1 python -m pytest -m standalone tests/test_standalone.py
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import TESTS

ROOT = TESTS.parent
BUILD = ROOT / "packaging" / "build.py"
EXAMPLE = ROOT / "examples" / "lifting-strain.yaml"
NOW = "2026-11-27T10:00:00+01:00"

pytestmark = [
    pytest.mark.standalone,
    pytest.mark.skipif(os.environ.get("SPASM_WIZARD_BUILD_STANDALONE") != "1",
                       reason="builds the standalone program (4 to 7 minutes): run with "
                              "SPASM_WIZARD_BUILD_STANDALONE=1 python -m pytest -m standalone"),
]


class Program:
    """The built program, copied away from its build: `path` is the executable, in `folder`
    (the folder layout) or alone (onefile)."""

    def __init__(self, path: Path, scratch: Path, folder: Path | None) -> None:
        self.path, self.folder = path, folder
        # The PATH: an empty folder, so no python. The PYTHONPATH: a wizard and a PySide6
        # that stop the program if it ever imports from there.
        self.no_programs = scratch / "no-programs"
        self.no_programs.mkdir()
        self.poison = scratch / "poison"
        for package in ("wizard", "PySide6"):
            (self.poison / package).mkdir(parents=True)
            (self.poison / package / "__init__.py").write_text(
                f"raise SystemExit('{package} was imported from PYTHONPATH')\n")

    def run(self, *args: str, tmp_path: Path, **extra: str) -> subprocess.CompletedProcess:
        """The program in a new empty folder, with its own data folder."""
        cwd = tmp_path / "empty"
        cwd.mkdir()
        env = {"PATH": str(self.no_programs), "PYTHONPATH": str(self.poison),
               "PYTHONHOME": str(self.poison), "HOME": str(tmp_path / "home"),
               "SPASM_WIZARD_DATA_DIR": str(tmp_path / "data"), "QT_QPA_PLATFORM": "offscreen",
               "TZ": "Europe/Berlin", "LANG": "C.UTF-8", **extra}
        return subprocess.run([str(self.path), *args], cwd=cwd, env=env, capture_output=True,
                              text=True, timeout=120)


@pytest.fixture(scope="module")
def program(tmp_path_factory: pytest.TempPathFactory) -> Program:
    out = tmp_path_factory.mktemp("build")
    log = out.parent / "build.log"
    with log.open("w") as written:  # the build's output, kept for a failure's message
        done = subprocess.run([sys.executable, str(BUILD), "--out", str(out)], cwd=out,
                              stdout=written, stderr=subprocess.STDOUT, timeout=45 * 60)
    assert done.returncode == 0, "the build failed:\n" + log.read_text()[-4000:]
    assert (out / "venv").is_dir(), "the build makes a venv of its own"
    # What a person would be given, copied elsewhere; then the whole build is deleted: the
    # venv (its Python, its site-packages with the app) and Nuitka's work.
    scratch = tmp_path_factory.mktemp("installed")
    made = out / "dist" / "spasm-wizard"
    if made.is_dir():
        folder = scratch / "spasm-wizard"
        shutil.copytree(made, folder, symlinks=True)
        path = folder / "spasm-wizard"
    else:
        folder, path = None, scratch / "spasm-wizard"
        shutil.copy2(made, path)
    shutil.rmtree(out)
    return Program(path, scratch, folder)


def plan(program: Program, tmp_path: Path, *lang: str) -> tuple[dict, str]:
    """`plan --json --pdf`: the JSON, and the PDF's text with its spaces made plain."""
    from pypdf import PdfReader
    done = program.run(*lang, "plan", "--answers", str(EXAMPLE), "--now", NOW, "--json",
                       "--pdf", "plan.pdf", tmp_path=tmp_path)
    assert done.returncode == 0, done.stderr
    pdf = tmp_path / "empty" / "plan.pdf"
    assert pdf.read_bytes()[:5] == b"%PDF-"
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(pdf).pages).split())
    return json.loads(done.stdout), text


def test_check_rules_finds_the_rule_set_inside_the_program(program: Program,
                                                          tmp_path: Path) -> None:
    done = program.run("check-rules", tmp_path=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "OK: the rule set is valid and every scenario passes." in done.stdout
    assert re.search(r"Scenarios: (\d+) of \1 pass", done.stdout), done.stdout
    assert "Translations (de, declared)" in done.stdout, "rules/locale/de is in the program"
    assert str(ROOT) not in done.stdout
    if program.folder is not None:
        assert f"in {program.folder / 'wizard' / 'rules'}:" in done.stdout, done.stdout


def test_plan_as_json_and_pdf(program: Program, tmp_path: Path) -> None:
    result, text = plan(program, tmp_path)
    assert (result["triage"], result["phase"]) == ("self_care", "cold")
    assert "Your back plan" in text and "Cold pack" in text


def test_plan_in_german(program: Program, tmp_path: Path) -> None:
    result, text = plan(program, tmp_path, "--lang", "de")
    assert (result["triage"], result["phase"]) == ("self_care", "cold")
    # The app's catalogue (wizard/locale/de) and the rule set's German (rules/locale/de).
    assert "Rücken" in text and "Kälte" in text and "Notruf 112" in text
    assert "Your back plan" not in text


@pytest.mark.parametrize("lang", [(), ("--lang", "de")], ids=["en", "de"])
def test_the_window_opens_and_gets_ready(program: Program, tmp_path: Path,
                                         lang: tuple[str, ...]) -> None:
    done = program.run(*lang, tmp_path=tmp_path, SPASM_WIZARD_QUIT_WHEN_READY="1")
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    # Ready means the rule set was loaded: its cache is written then (wizard/rulecache.py).
    assert list((tmp_path / "data" / "cache").glob("rules*.msgpack")), done.stderr


def test_it_carries_what_the_window_loads_only_when_shown(program: Program) -> None:
    """Offscreen and quitting when ready, the window never draws an SVG icon nor shows a
    button of Qt's: Qt's SVG plugins and its German (the Close button's "Schließen") are
    checked to be where the program's Qt looks for them."""
    if program.folder is None:
        pytest.skip("the folder layout only")
    qt = program.folder / "PySide6"
    assert (qt / "qt-plugins" / "imageformats" / "libqsvg.so").is_file()
    assert (qt / "qt-plugins" / "iconengines" / "libqsvgicon.so").is_file()
    assert (qt / "Qt" / "translations" / "qtbase_de.qm").is_file()


def test_its_libraries_are_its_own(program: Program) -> None:
    """The folder's executable needs libpython, and finds it in the folder: not this test's
    Python, nor the (deleted) build venv's."""
    if program.folder is None or not shutil.which("ldd"):
        pytest.skip("the folder layout and ldd only")
    libraries = subprocess.run(["ldd", str(program.path)], capture_output=True, text=True,
                               timeout=60).stdout
    assert "not found" not in libraries, libraries
    python = [line for line in libraries.splitlines() if "libpython" in line]
    assert python and all(str(program.folder) in line for line in python), libraries
    assert sys.base_prefix not in libraries and sys.prefix not in libraries, libraries
