"""A cache of the parsed rule set, in the data folder (issue 11).

Parsing the rule set's YAML (and importing PyYAML) is most of the cost of a start. The
first load of a rule set keeps what the parser made of each file, with the position of
every value, in `cache/rules.msgpack` in the data folder (msgspec's MessagePack). Later
loads use it instead of the parser when the files are byte for byte the ones it was made
from and the app is the same version. Anything else falls back to the YAML, quietly, and
the cache is made again: another version, a changed file, a cache that is damaged (the
file carries a CRC-32 of its content), foreign, too large or missing, a link standing
there, or one whose content fails any check of the rule set.

The cache holds only the parse. Every check and every compilation of the rule set runs on
it as on a fresh parse, so a cache cannot let a broken rule through. Delete my data and
`forget` remove it with the rest (ownfiles.OWN_FOLDERS).
"""

from __future__ import annotations

import sys
import zlib
from pathlib import Path
from typing import Any

from .core._msgspec import msgspec

from . import __version__
from .atomic import replacing
from .core.errors import RuleSetError
from .core import rulelocale
from .core.ruleset import FILES, RuleSet, load_ruleset, parse_source, read_source, shown_path
from .core.located import Located
from .ownfiles import kind_of, read_small
from .paths import private_dir

FOLDER = "cache"
NAME = "rules.msgpack"
FORMAT = 1                      # raised whenever what the cache holds changes shape
MAGIC = b"SPWC"                 # then the CRC-32 of the rest: a flipped bit is caught
MAX_BYTES = 8_000_000           # the built-in rule set's cache is about 0.3 MB


class _File(msgspec.Struct, array_like=True, frozen=True):
    name: str
    raw: bytes                                  # the file as it was read: the key
    data: Any                                   # what the parser made of it
    marks: list[tuple[list[str | int], int, int]]  # where each value stands: path, line, column


class _Cache(msgspec.Struct, array_like=True, frozen=True):
    format: int
    version: str                                # the app's version
    python: str                                 # the parse is the same on any Python; kept to be safe
    files: list[_File]


def _python() -> str:
    return "{}.{}".format(*sys.version_info[:2])


def _crc(payload: bytes) -> bytes:
    return zlib.crc32(payload).to_bytes(4, "big")


def cache_file(data_folder: Path, language: str = "en") -> Path:
    """One cache a language: switching back and forth parses nothing again."""
    return data_folder / FOLDER / (NAME if language == "en" else f"rules.{language}.msgpack")


def _names(directory: Path, language: str) -> tuple[str, ...]:
    """The files a language's rule set is made of: the rules, then its overlays."""
    if language in ("en", rulelocale.PSEUDO):
        return FILES
    folder = rulelocale.overlay_file(directory, language, "")
    return FILES + tuple(f"{rulelocale.LOCALE}/{language}/{name}" for name in FILES
                         if (folder / name).is_file())


def load(directory: Path, data_folder: Path | None, *, write: bool = True,
         language: str = "en") -> RuleSet:
    """The rule set in `directory`, from the cache in `data_folder` where it is good, else
    from the YAML (and then the cache is written, if `write`). With no data folder, the
    YAML. In another language, its overlays are cached beside it. Raises RuleSetError as
    load_ruleset does."""
    directory = Path(directory)
    if data_folder is None:
        return load_ruleset(directory, language=language)
    names = _names(directory, language)
    raws = [read_source(directory, name) for name in names]
    path = cache_file(data_folder, language)
    sources = _from_cache(path, directory, names, raws)
    if sources is not None:
        try:
            return _ruleset(directory, names, sources, language)
        except RuleSetError:
            pass             # a cache that fails a check was damaged: the YAML says what is wrong
    sources = tuple(parse_source(directory, name, raw) for name, raw in zip(names, raws))
    ruleset = _ruleset(directory, names, sources, language)  # raises when broken: no cache
    if write:
        store(path, names, raws, sources)
    return ruleset


def _ruleset(directory: Path, names: tuple[str, ...], sources: tuple[Located, ...],
             language: str) -> RuleSet:
    overlays = {name.rsplit("/", 1)[-1]: src for name, src in zip(names[3:], sources[3:])}
    return load_ruleset(directory, sources[:3], language=language, overlays=overlays)


def _from_cache(path: Path, directory: Path, names: tuple[str, ...], raws: list[bytes]
                ) -> tuple[Located, ...] | None:
    blob = read_small(path, MAX_BYTES)
    if blob is None or blob[:4] != MAGIC or blob[4:8] != _crc(blob[8:]):
        return None
    try:
        cache = msgspec.msgpack.decode(blob[8:], type=_Cache)
    except (msgspec.DecodeError, ValueError, RecursionError, MemoryError):
        return None          # damaged, foreign, or made by another version's format
    if (cache.format, cache.version, cache.python) != (FORMAT, __version__, _python()):
        return None
    if [(f.name, f.raw) for f in cache.files] != list(zip(names, raws)):
        return None          # the rule set changed since
    located = []
    for name, file in zip(names, cache.files):
        source = Located(shown_path(directory / name), file.data)
        try:
            source.marks = {tuple(p): (line, column) for p, line, column in file.marks}
        except TypeError:     # a path that is not a list of keys
            return None
        located.append(source)
    return tuple(located)


def store(path: Path, names: tuple[str, ...], raws: list[bytes], sources: tuple[Located, ...]
          ) -> bool:
    """Write the cache atomically, readable by its owner alone. A folder that cannot be
    written only means no cache: the app works the same, a little slower. True if written."""
    files = [_File(name, raw, source.data,
                   [(list(p), line, column) for p, (line, column) in source.marks.items()])
             for name, raw, source in zip(names, raws, sources)]
    try:
        blob = msgspec.msgpack.encode(_Cache(FORMAT, __version__, _python(), files))
    except (TypeError, OverflowError, ValueError):
        return False          # a value MessagePack cannot hold: the YAML it is, each time
    blob = MAGIC + _crc(blob) + blob
    if len(blob) > MAX_BYTES:
        return False
    try:
        private_dir(path.parent.parent)
        if kind_of(path.parent) not in (None, "a folder"):
            return False      # something else stands where the folder should be: left alone
        private_dir(path.parent)
        with replacing(path) as part:
            part.write_bytes(blob)
    except OSError:
        return False
    return True

