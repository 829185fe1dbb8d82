"""What the wheel carries: every package of the app, the rule set and the pictures."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def declared() -> set[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    return set(config["packages"])


def test_every_python_package_of_the_app_is_in_the_wheel() -> None:
    found = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "wizard").rglob("__init__.py")}
    assert found <= declared(), f"missing from pyproject.toml packages: {sorted(found - declared())}"


def test_every_data_folder_is_in_the_wheel_with_its_files() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    mapping = {"wizard.rules": ROOT / "rules", "wizard.resources": ROOT / "resources"}
    for package, folder in mapping.items():
        for sub in [folder, *(d for d in folder.rglob("*") if d.is_dir() and d.name != "__pycache__")]:
            name = ".".join([package, *sub.relative_to(folder).parts])
            files = [f for f in sub.iterdir() if f.is_file() and f.suffix != ".py"]
            if files:
                assert name in declared(), name
                patterns = config["package-data"].get(name, [])
                for f in files:
                    assert any(f.match(p) for p in patterns), f"{f} is not shipped"
