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
    """Each file of rules/ and resources/ (and the compiled catalogues in wizard/locale/) is
    matched by the package-data of its package or of one above it (rules/locale/de/*.yaml by
    wizard.rules' "locale/*/*.yaml": a new language needs no new package)."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    mapping = {"wizard.rules": ROOT / "rules", "wizard.resources": ROOT / "resources",
               "wizard": ROOT / "wizard" / "locale"}
    for package, folder in mapping.items():
        base = ROOT / "wizard" if package == "wizard" else folder
        for f in folder.rglob("*"):
            if not f.is_file() or f.suffix in (".py", ".pyc", ".po", ".pot"):
                continue
            parts = f.relative_to(base).parts
            shipped = False
            for cut in range(len(parts)):   # the package holding it, or one above
                name = ".".join([package, *parts[:cut]])
                rest = "/".join(parts[cut:])
                if (name == package or name in declared()) and any(
                        Path(rest).match(p) and rest.count("/") == p.count("/")
                        for p in config["package-data"].get(name, [])):
                    shipped = True
            assert shipped, f"{f} is not shipped"
