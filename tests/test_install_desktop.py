"""`spasm-wizard install-desktop [--remove]` (issue 14): the app in the desktop's menu."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from wizard.paths import APP_ID, APPLICATION, resources_dir


def spasm(*args: str, home: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES")}
    return subprocess.run([sys.executable, "-m", "wizard", *args], capture_output=True, text=True,
                          env={**env, "XDG_DATA_HOME": str(home), "LANG": "C"}, timeout=60)


def entry_of(home: Path) -> dict[str, str]:
    text = (home / "applications" / f"{APP_ID}.desktop").read_text(encoding="utf-8")
    return dict(line.split("=", 1) for line in text.splitlines() if "=" in line)


def test_install_puts_entry_icon_and_metainfo_under_xdg_data_home(tmp_path: Path) -> None:
    done = spasm("install-desktop", home=tmp_path)
    assert done.returncode == 0, done.stderr
    entry = entry_of(tmp_path)
    assert entry["Name"] == "Back Spasm Wizard" and entry["Icon"] == APP_ID
    assert entry["Comment[de]"] == "Ein Plan zur Selbsthilfe bei einem Hexenschuss"
    assert Path(entry["TryExec"]).is_absolute() and os.access(entry["TryExec"], os.X_OK), \
        "a desktop session often has no venv on its PATH"
    assert entry["Exec"].split()[0].strip('"') == entry["TryExec"]
    assert entry["StartupWMClass"] == APPLICATION, "X11's WM_CLASS class is Qt's application name"
    icon = tmp_path / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg"
    assert icon.read_bytes() == (resources_dir() / "icons" / "app.svg").read_bytes()
    metainfo = (tmp_path / "metainfo" / f"{APP_ID}.metainfo.xml").read_text(encoding="utf-8")
    assert f"<id>{APP_ID}</id>" in metainfo and f"{APP_ID}.desktop</launchable>" in metainfo
    assert '<summary xml:lang="de">' in metainfo and "<release version=" in metainfo


def test_remove_takes_away_our_files_and_nothing_else(tmp_path: Path) -> None:
    assert spasm("install-desktop", home=tmp_path).returncode == 0
    foreign = tmp_path / "applications" / "other.desktop"
    foreign.write_text("[Desktop Entry]\nName=Other\n")
    done = spasm("install-desktop", "--remove", home=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Removed 3 files" in done.stdout
    assert not any(p.name.startswith(APP_ID) for p in tmp_path.rglob("*"))
    assert foreign.exists()
    assert "was not in the menu" in spasm("install-desktop", "--remove", home=tmp_path).stdout


def test_a_file_of_someone_else_under_our_name_is_not_removed(tmp_path: Path) -> None:
    mine = tmp_path / "applications" / f"{APP_ID}.desktop"
    mine.parent.mkdir(parents=True)
    mine.write_text("[Desktop Entry]\nName=Somebody's own entry\n")
    assert spasm("install-desktop", "--remove", home=tmp_path).returncode == 0
    assert mine.read_text().startswith("[Desktop Entry]\nName=Somebody's own entry")


@pytest.mark.skipif(not shutil.which("appstreamcli"), reason="needs appstreamcli")
def test_the_metainfo_validates(tmp_path: Path) -> None:
    assert spasm("install-desktop", home=tmp_path).returncode == 0
    done = subprocess.run(["appstreamcli", "validate", "--no-net",
                           str(tmp_path / "metainfo" / f"{APP_ID}.metainfo.xml")],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.skipif(not shutil.which("desktop-file-validate"), reason="needs desktop-file-validate")
def test_the_desktop_entry_validates(tmp_path: Path) -> None:
    assert spasm("install-desktop", home=tmp_path).returncode == 0
    done = subprocess.run(["desktop-file-validate",
                           str(tmp_path / "applications" / f"{APP_ID}.desktop")],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and not done.stdout.strip(), done.stdout + done.stderr


def test_the_window_says_its_id(qapp) -> None:
    from wizard.gui.app import application
    assert application().desktopFileName() == APP_ID
