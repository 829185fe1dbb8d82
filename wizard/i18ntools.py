"""The catalogue's tools, in Python alone (no GNU gettext needed): extract the texts from
the code, merge them into each language's .po, compile each .po to the .mo the app reads,
and check that all of them are complete and up to date.

    python -m wizard.i18n extract   # wizard/locale/spasm-wizard.pot, merged into each .po
    python -m wizard.i18n compile   # each wizard/locale/LANG/LC_MESSAGES/spasm-wizard.mo
    python -m wizard.i18n check     # exit 1, saying what, if anything is missing or stale

The .mo files are committed; `check` (and a test) proves they are the .po compiled.
"""

from __future__ import annotations

import ast
import re
import string
import struct
import sys
from pathlib import Path
from typing import NamedTuple

from .i18n import DOMAIN, LANGUAGES, LOCALE_DIR, catalogue_file

PACKAGE = Path(__file__).parent
KEYWORDS = {"tr": ("msgid",), "marked": ("msgid",), "trn": ("msgid", "plural"),
            "trp": ("context", "msgid"), "marked_in": ("context", "msgid")}
TEMPLATE = LOCALE_DIR / f"{DOMAIN}.pot"
# nplurals and the plural rule of each language (gettext's Plural-Forms).
PLURALS = {"de": "nplurals=2; plural=(n != 1);"}


class Entry(NamedTuple):
    context: str | None
    msgid: str
    plural: str | None = None
    strings: tuple[str, ...] = ()     # msgstr, or msgstr[0..n]
    comments: tuple[str, ...] = ()    # "#." lines: where it is used and notes for translators
    fuzzy: bool = False

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.context, self.msgid)


# --- extracting --------------------------------------------------------------------------


def extract(package: Path = PACKAGE) -> list[Entry]:
    """Every text the code marks, in file order, with its files and translators' notes."""
    found: dict[tuple, Entry] = {}
    for path in sorted(package.rglob("*.py")):
        if path.name == "i18ntools.py":
            continue
        source = path.read_text(encoding="utf-8")
        lines = source.splitlines()
        rel = path.relative_to(package.parent).as_posix()
        for node in ast.walk(ast.parse(source, str(path))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            fields = KEYWORDS.get(name)
            if not fields or len(node.args) < len(fields):
                continue
            args = node.args[:len(fields)]
            if not all(isinstance(a, ast.Constant) and isinstance(a.value, str) for a in args):
                if name == "tr":  # tr(TEXT): a text marked where it is defined (marked())
                    continue
                raise SystemExit(f"{rel}:{node.lineno}: {name}() needs literal texts, so that "
                                 "they can be extracted")
            values = dict(zip(fields, (a.value for a in args)))
            notes = _notes(lines, node.lineno)
            entry = Entry(values.get("context"), values["msgid"], values.get("plural"))
            old = found.get(entry.key)
            comments = tuple(dict.fromkeys((old.comments if old else ()) + notes + (rel,)))
            found[entry.key] = entry._replace(comments=comments)
    return list(found.values())


def _notes(lines: list[str], lineno: int) -> tuple[str, ...]:
    """The '# translators:' comment lines just above a call."""
    notes = []
    i = lineno - 2
    while i >= 0 and lines[i].strip().startswith("#"):
        text = lines[i].strip().lstrip("#").strip()
        if text.lower().startswith("translators:"):
            notes.insert(0, text)
        i -= 1
    return tuple(notes)


# --- .po files ---------------------------------------------------------------------------


def _quote(text: str) -> str:
    return '"' + (text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
                  .replace("\t", "\\t")) + '"'


def _unquote(text: str) -> str:
    body = text.strip()[1:-1]
    return re.sub(r'\\(.)', lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), body)


def header(language: str | None) -> str:
    lines = ["Project-Id-Version: back-spasm-wizard", "MIME-Version: 1.0",
             "Content-Type: text/plain; charset=UTF-8", "Content-Transfer-Encoding: 8bit"]
    if language:
        lines += [f"Language: {language}", f"Plural-Forms: {PLURALS.get(language, PLURALS['de'])}"]
    return "\n".join(lines) + "\n"


def write_po(path: Path, entries: list[Entry], language: str | None) -> bool:
    """Write a .po (or the .pot, with no language); True if it changed."""
    out = ["# The Back Spasm Wizard's own texts. The rule set's are in rules/locale/.",
           'msgid ""', f"msgstr {_quote(header(language))}", ""]
    for e in entries:
        out += [f"#. {c}" for c in e.comments]
        if e.fuzzy:
            out.append("#, fuzzy")
        if e.context is not None:
            out.append(f"msgctxt {_quote(e.context)}")
        out.append(f"msgid {_quote(e.msgid)}")
        if e.plural is not None:
            out.append(f"msgid_plural {_quote(e.plural)}")
            strings = e.strings or ("",) * 2
            out += [f"msgstr[{i}] {_quote(s)}" for i, s in enumerate(strings)]
        else:
            out.append(f"msgstr {_quote(e.strings[0] if e.strings else '')}")
        out.append("")
    text = "\n".join(out)
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return True


def read_po(path: Path) -> list[Entry]:
    """The entries of a .po file (its header left out)."""
    entries: list[Entry] = []
    fields: dict = {}
    comments: list[str] = []
    fuzzy = False
    last = None

    def flush() -> None:
        nonlocal fields, comments, fuzzy
        if "msgid" in fields and fields["msgid"] != "":
            strings = tuple(fields[k] for k in sorted(k for k in fields if k.startswith("msgstr")))
            entries.append(Entry(fields.get("msgctxt"), fields["msgid"], fields.get("msgid_plural"),
                                 strings, tuple(comments), fuzzy))
        fields, comments, fuzzy = {}, [], False

    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = line.strip()
        if not line:
            continue
        if line.startswith("#"):
            if "msgid" in fields:
                flush()
            if line.startswith("#,") and "fuzzy" in line:
                fuzzy = True
            elif line.startswith("#."):
                comments.append(line[2:].strip())
            continue
        if line.startswith('"'):
            if last is None:
                raise ValueError(f"{path}:{number}: a text with no field before it")
            fields[last] += _unquote(line)
            continue
        keyword, _, value = line.partition(" ")
        keyword = keyword.replace("[", "_").replace("]", "")   # msgstr[1] -> msgstr_1
        if keyword == "msgctxt" or (keyword == "msgid" and "msgid" in fields):
            flush()
        if keyword not in ("msgctxt", "msgid", "msgid_plural") and not keyword.startswith("msgstr"):
            raise ValueError(f"{path}:{number}: unknown field '{keyword}'")
        fields[keyword] = _unquote(value)
        last = keyword
    flush()
    return entries


def merge(template: list[Entry], old: list[Entry]) -> list[Entry]:
    """The template's entries with the translations of `old` kept; a text that is new, or
    whose plural changed, is left to translate."""
    known = {e.key: e for e in old}
    out = []
    for t in template:
        e = known.get(t.key)
        if e is not None and e.plural == t.plural:
            out.append(t._replace(strings=e.strings, fuzzy=e.fuzzy))
        else:
            out.append(t)
    return out


def _translated(e: Entry) -> bool:
    return bool(e.strings) and all(e.strings)


# --- .mo files ---------------------------------------------------------------------------


def compile_mo(entries: list[Entry], language: str) -> bytes:
    """GNU .mo bytes of the translated, not fuzzy, entries: the same bytes for the same .po."""
    pairs = {"": header(language)}
    for e in entries:
        if e.fuzzy or not _translated(e):
            continue
        key = (f"{e.context}\x04" if e.context is not None else "") + e.msgid
        if e.plural is not None:
            key += "\x00" + e.plural
        pairs[key] = "\x00".join(e.strings)
    keys = sorted(pairs)
    ids = [k.encode() for k in keys]
    strs = [pairs[k].encode() for k in keys]
    count = len(keys)
    start = 7 * 4 + 16 * count
    offsets, blob = [], b""
    for data in ids:
        offsets.append((len(data), start + len(blob)))
        blob += data + b"\0"
    tr_offsets = []
    for data in strs:
        tr_offsets.append((len(data), start + len(blob)))
        blob += data + b"\0"
    out = struct.pack("<7I", 0x950412DE, 0, count, 7 * 4, 7 * 4 + 8 * count, 0, 0)
    out += b"".join(struct.pack("<2I", *o) for o in offsets)
    out += b"".join(struct.pack("<2I", *o) for o in tr_offsets)
    return out + blob


# --- checking ----------------------------------------------------------------------------


def names(text: str) -> set[str]:
    """The named placeholders of a text: {weekday}, {n}."""
    try:
        return {n.split(".")[0].split("[")[0].split("!")[0]
                for _, n, _, _ in string.Formatter().parse(text) if n}
    except ValueError:
        return {"<a brace that is not a placeholder>"}


def problems(language: str) -> list[str]:
    """What is missing or wrong in one language's .po, and whether its .mo is up to date."""
    po = catalogue_file(language, ".po")
    if not po.is_file():
        return [f"{po}: missing: run python -m wizard.i18n extract"]
    out = []
    template = {e.key: e for e in extract()}
    entries = read_po(po)
    have = {e.key for e in entries}
    for key in template:
        if key not in have:
            out.append(f"{po.name} ({language}): not in the catalogue yet: {key[1]!r} "
                       "(run python -m wizard.i18n extract)")
    for e in entries:
        where = f"{po.name} ({language}): {e.msgid!r}"
        if e.key not in template:
            out.append(f"{where}: no longer in the code (run python -m wizard.i18n extract)")
        elif e.fuzzy:
            out.append(f"{where}: marked fuzzy: check the translation, then remove the mark")
        elif not _translated(e):
            out.append(f"{where}: not translated")
        else:
            wanted = names(e.msgid) | (names(e.plural) if e.plural else set())
            for s in e.strings:
                if names(s) - wanted or (e.plural is None and names(s) != wanted):
                    out.append(f"{where}: the placeholders differ: {sorted(names(s))} "
                               f"for {sorted(wanted)}")
    out += too_hard([s for e in entries if e.context not in NOT_PROSE for s in e.strings], language)
    mo = catalogue_file(language)
    if not mo.is_file() or mo.read_bytes() != compile_mo(entries, language):
        out.append(f"{mo}: not the .po compiled: run python -m wizard.i18n compile")
    return out


# Texts that are not sentences: a list of search words, a format of Qt's. No reading grade.
NOT_PROSE = frozenset({"desktop keywords", "Qt date format"})


def readable(text: str) -> str:
    """A text as a person reads it: no tags, no mnemonic mark, a placeholder as a short word."""
    return re.sub(r"\{[^{}]*\}", "5", re.sub(r"<[^>]+>", "", text)).replace("&", "")


def too_hard(texts: list[str], language: str) -> list[str]:
    """The texts above reading grade 10 in their language (Flesch-Kincaid for English, the
    Wiener Sachtextformel for German): the limit every text a person reads keeps to."""
    from .core.readability import grade_in, graded
    out = []
    for text in texts:
        plain = readable(text)
        if graded(plain, language) and (g := grade_in(plain, language)) > 10:
            out.append(f"({language}) {text!r}: reading grade {g}; the limit is 10: use shorter "
                       "sentences and everyday words")
    return out


def main(argv: list[str]) -> int:
    command = argv[0] if argv else ""
    if command == "extract":
        template = extract()
        write_po(TEMPLATE, template, None)
        for language in LANGUAGES:
            if language == "en":
                continue
            po = catalogue_file(language, ".po")
            old = read_po(po) if po.is_file() else []
            write_po(po, merge(template, old), language)
            todo = sum(1 for e in merge(template, old) if not _translated(e) or e.fuzzy)
            print(f"{po}: {len(template)} texts, {todo} to translate")
        return 0
    if command == "compile":
        for language in LANGUAGES:
            if language == "en":
                continue
            mo = catalogue_file(language)
            mo.write_bytes(compile_mo(read_po(catalogue_file(language, ".po")), language))
            print(f"{mo}: written")
        return 0
    if command == "check":
        found = too_hard([e.msgid for e in extract() if e.context not in NOT_PROSE], "en")
        found += [p for lang in LANGUAGES if lang != "en" for p in problems(lang)]
        for p in found:
            print(p, file=sys.stderr)
        print("The catalogues are complete and up to date." if not found else
              f"{len(found)} problem(s).")
        return 1 if found else 0
    print("usage: python -m wizard.i18n extract|compile|check", file=sys.stderr)
    return 2
