"""msgspec, imported without typing_extensions.

msgspec reads `typing_extensions` when it is installed (icalendar brings it) and falls back
to `typing` when it is not. We use only `typing`'s own types, and typing_extensions costs
9 ms of every start (it imports `inspect`, `ast`, `dis` and `tokenize`): the core's import
would miss its goal of 30 ms over a bare interpreter (benchmarks/core.py). So msgspec is
imported here, once, as if typing_extensions were absent; a later `import typing_extensions`
(icalendar's) works as usual. Every module imports msgspec from here.
"""

import sys

_hide = "typing_extensions" not in sys.modules and "msgspec" not in sys.modules
if _hide:
    sys.modules["typing_extensions"] = None  # type: ignore[assignment]  # import raises ImportError
try:
    import msgspec
    import msgspec.msgpack  # noqa: F401 - loaded by msgspec itself; named for readers
finally:
    if _hide:
        del sys.modules["typing_extensions"]

__all__ = ["msgspec"]
