"""`spasm-wizard install-desktop [--remove]`: the app in the desktop's menu, for the current
user (issue 14). A freedesktop entry, the icon and AppStream metainfo under $XDG_DATA_HOME
(default ~/.local/share), written atomically with plain file copies; update-desktop-database
is run when there is one. --remove takes exactly these files away again, and only when
they are ours."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from .. import __version__
from ..atomic import replacing
from ..i18n import LANGUAGES, language, set_language, tr, trp
from ..paths import APP_ID, APPLICATION, resources_dir
from . import EXIT_OK, ExportFailed

if TYPE_CHECKING:
    import argparse

RELEASE_DATE = date(2026, 11, 27)   # 0.1.0
MARK = f"X-{APP_ID.replace('.', '-')}=1"  # in the entry: the file is ours to remove


def data_home() -> Path:
    value = os.environ.get("XDG_DATA_HOME", "")
    return Path(value) if value and Path(value).is_absolute() else Path.home() / ".local" / "share"


def files(home: Path) -> dict[str, Path]:
    return {"entry": home / "applications" / f"{APP_ID}.desktop",
            "icon": home / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg",
            "metainfo": home / "metainfo" / f"{APP_ID}.metainfo.xml"}


def command() -> tuple[str, str]:
    """Exec and TryExec: the absolute path of the installed command (a desktop session
    often has no venv on its PATH); from `python -m wizard`, that Python with -m."""
    script = Path(sys.argv[0]).resolve() if sys.argv and sys.argv[0] else None
    if script is not None and script.name == "spasm-wizard" and os.access(script, os.X_OK):
        return _quoted(str(script)), str(script)
    found = shutil.which("spasm-wizard")
    if found:
        path = str(Path(found).resolve())
        return _quoted(path), path
    return f"{_quoted(sys.executable)} -m wizard", sys.executable


def _quoted(path: str) -> str:
    """A path as the Desktop Entry spec quotes an argument."""
    if not any(c in path for c in ' \t\n"\'\\><~|&;$*?#()`'):
        return path
    return '"' + path.replace("\\", "\\\\").replace('"', '\\"').replace("`", "\\`").replace("$", "\\$") + '"'


def _in_each_language(make) -> dict[str, str]:  # noqa: ANN001
    """{language: text} for every language the app speaks, English first."""
    was, out = language(), {}
    try:
        for code in LANGUAGES:
            set_language(code)
            out[code] = make()
    finally:
        set_language(was)
    return out


def _comment() -> str:
    # translators: the desktop menu's one-line description of the app
    return tr("A self-care plan for a sudden lower-back spasm")


def _keywords() -> str:
    # translators: words a person may type in the desktop's menu to find the app, each ending in ;
    return trp("desktop keywords", "back;pain;spasm;lumbago;self-care;")


def desktop_entry(exec_line: str, try_exec: str) -> str:
    comments, keywords = _in_each_language(_comment), _in_each_language(_keywords)
    lines = ["[Desktop Entry]", "Type=Application", "Version=1.0", "Name=Back Spasm Wizard",
             f"Comment={comments['en']}"]
    lines += [f"Comment[{code}]={text}" for code, text in comments.items() if code != "en"]
    lines += [f"Keywords={keywords['en']}"]
    lines += [f"Keywords[{code}]={text}" for code, text in keywords.items() if code != "en"]
    lines += [f"Exec={exec_line}", f"TryExec={try_exec}", f"Icon={APP_ID}", "Terminal=false",
              # X11's WM_CLASS class is Qt's application name; Wayland uses the id above.
              "Categories=Utility;", "StartupNotify=true", f"StartupWMClass={APPLICATION}", MARK]
    return "\n".join(lines) + "\n"


def metainfo() -> str:
    from xml.sax.saxutils import escape
    summary = _in_each_language(_comment)
    # translators: the app's description in software centres (AppStream metainfo)
    description = _in_each_language(lambda: tr(
        "Back Spasm Wizard asks a few questions about a sudden pain in the lower back: warning "
        "signs, how it started, how it feels. It then gives a plan for the next days: whether "
        "to get help and how soon, cold or heat and until when, how long to take it easy, and "
        "gentle exercises. It is not a diagnosis. Your answers stay on your computer."))
    summaries = "\n".join(f'  <summary{_lang(code)}>{escape(text)}</summary>'
                          for code, text in summary.items())
    paragraphs = "\n".join(f"    <p{_lang(code)}>{escape(text)}</p>" for code, text in description.items())
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<component type="desktop-application">
  <id>{APP_ID}</id>
  <metadata_license>CC0-1.0</metadata_license>
  <project_license>LicenseRef-proprietary</project_license>
  <name>Back Spasm Wizard</name>
{summaries}
  <description>
{paragraphs}
  </description>
  <developer id="{APP_ID.rsplit('.', 1)[0]}">
    <name>Back Spasm Wizard</name>
  </developer>
  <launchable type="desktop-id">{APP_ID}.desktop</launchable>
  <provides>
    <binary>spasm-wizard</binary>
  </provides>
  <content_rating type="oars-1.1"/>
  <releases>
    <release version="{__version__}" date="{RELEASE_DATE.isoformat()}"/>
  </releases>
</component>
"""


def _lang(code: str) -> str:
    return "" if code == "en" else f' xml:lang="{code}"'


def run(args: argparse.Namespace) -> int:
    home = data_home()
    paths = files(home)
    if args.remove:
        removed = [p for p in paths.values() if _ours(p) and _remove(p)]
        _update_database(paths["entry"].parent)
        print(tr("Removed {n} files of Back Spasm Wizard from the menu.", n=len(removed))
              if removed else tr("Back Spasm Wizard was not in the menu."))
        return EXIT_OK
    exec_line, try_exec = command()
    icon = (resources_dir() / "icons" / "app.svg").read_bytes()
    for key, content in (("entry", desktop_entry(exec_line, try_exec).encode()),
                         ("icon", icon), ("metainfo", metainfo().encode())):
        path = paths[key]
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with replacing(path) as part:
                part.write_bytes(content)
        except OSError as exc:
            raise ExportFailed(f"cannot write {path}: {exc.strerror or exc}") from None
    _update_database(paths["entry"].parent)
    print(tr("Back Spasm Wizard is in your desktop's menu: {entry}", entry=paths["entry"]))
    return EXIT_OK


def _ours(path: Path) -> bool:
    """Only our own files are removed: the entry carries our mark, the others our id."""
    if path.is_symlink() or not path.is_file():
        return False
    try:
        head = path.read_bytes()[:200_000]
    except OSError:
        return False
    return (MARK.encode() in head) if path.suffix == ".desktop" else (
        path.suffix == ".svg" or APP_ID.encode() in head)


def _remove(path: Path) -> bool:
    try:
        path.unlink()
    except OSError:
        return False
    return True


def _update_database(folder: Path) -> None:
    tool = shutil.which("update-desktop-database")
    if tool and folder.is_dir():
        subprocess.run([tool, str(folder)], capture_output=True, timeout=30, check=False)
