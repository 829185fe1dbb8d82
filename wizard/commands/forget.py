"""`spasm-wizard forget --yes`: delete every stored answer, plan and setting."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from ..history.store import forget
from ..paths import data_dir
from . import EXIT_OK, EXIT_OTHER, HistoryFailed, UsageError

if TYPE_CHECKING:
    import argparse


def run(args: argparse.Namespace) -> int:
    if not args.yes:
        raise UsageError("forget: --yes is needed: this deletes every stored answer, plan and "
                         f"setting in {data_dir()}")
    # Here, not at the top: the window's lock is Qt's (QtCore, some 70 ms), which a forget
    # without --yes must not wait for.
    from ..gui.lock import window_open
    if window_open(data_dir()):
        print("spasm-wizard: Back Spasm Wizard is open in a window. Close it, then try again; "
              "or use Delete my data in the window.", file=sys.stderr)
        return EXIT_OTHER
    try:
        removed = forget(data_dir())
    except OSError as exc:
        raise HistoryFailed(f"could not delete {data_dir()}: {exc.strerror or exc}") from None
    folder = data_dir()
    if folder.exists():  # it holds files that are not ours: they stay
        print(f"Deleted every stored answer, plan and setting from {folder} ({len(removed)} "
              "files); the other files in it were left alone." if removed else
              f"Nothing was stored in {folder}; its files were left alone.")
    else:
        print(f"Deleted {folder}: every stored answer, plan and setting "
              f"({len(removed)} files and folders)." if removed else "Nothing was stored.")
    return EXIT_OK
