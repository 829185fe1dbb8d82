"""The history, opened for a command (checkin, history, close, and checkin's --ics). Apart
from common.py so that `plan`, which stores nothing, loads neither SQLite nor the store."""

from __future__ import annotations

import sys

from ..history.store import HistoryError, Store
from ..paths import data_dir
from . import HistoryFailed


def open_store() -> Store:
    try:
        store = Store(data_dir())
    except HistoryError as exc:
        raise HistoryFailed(f"your history cannot be used: {exc}") from None
    if store.notice:
        print(f"spasm-wizard: note: {store.notice}", file=sys.stderr)
    return store
