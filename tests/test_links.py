"""Every link in the project's Markdown resolves, and every project file a document or
script names is in the project: what a new user clicks or looks for is there."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SKIP = {".git", ".venv", "build", "dist", ".hypothesis", ".pytest_cache"}


def project_files(*patterns: str) -> list[Path]:
    return sorted(p for pattern in patterns for p in ROOT.rglob(pattern)
                  if not SKIP.intersection(p.relative_to(ROOT).parts)
                  and not any(part.endswith(".egg-info") for part in p.parts))


LINK = re.compile(r"\]\(([^)\s]+)\)|(?:src|href)=\"([^\"]+)\"")
NAMED = re.compile(r"(?<![\w/.-])((?:[\w-]+/)*[\w-]+\.md)\b")


def test_the_project_has_markdown_and_scripts_to_check() -> None:
    assert ROOT / "README.md" in project_files("*.md")
    assert ROOT / "docs" / "screenshots.sh" in project_files("*.sh")


@pytest.mark.parametrize("doc", project_files("*.md"), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_relative_link_resolves(doc: Path) -> None:
    for match in LINK.finditer(doc.read_text(encoding="utf-8")):
        target = (match.group(1) or match.group(2)).split("#")[0]
        if not target or re.match(r"[a-z]+:", target):
            continue  # a web address or an anchor in the same page
        assert (doc.parent / target).exists(), f"{doc.relative_to(ROOT)}: {target} is not in the project"


@pytest.mark.parametrize("doc", project_files("*.md", "*.sh"), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_document_a_file_names_is_in_the_project(doc: Path) -> None:
    for name in NAMED.findall(doc.read_text(encoding="utf-8")):
        assert (doc.parent / name).exists() or (ROOT / name).exists(), \
            f"{doc.relative_to(ROOT)} names {name}, which is not in the project"
