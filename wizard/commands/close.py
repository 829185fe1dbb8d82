"""`spasm-wizard close`: "my back is better": close the open episode; with --ics, write the
file that cancels its reminders."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from ..history.store import HistoryError
from ..i18n import tr
from . import EXIT_OK, EXIT_OTHER, HistoryFailed
from .common import load_rules, parse_now
from .storage import open_store

if TYPE_CHECKING:
    import argparse


def run(args: argparse.Namespace) -> int:
    now = parse_now(args.now)
    ruleset = load_rules(None)
    store = open_store()
    try:
        episode = store.open_episode(now, store.known_open_days() or
                                     ruleset.history.episode_open_days)
        if episode is None:
            print("spasm-wizard: there is no open episode to close.", file=sys.stderr)
            return EXIT_OTHER
        if args.ics:
            from .ics_file import write_close_ics  # here, not at the top: it loads icalendar
            write_close_ics(store, episode, ruleset, args.ics, now)
        store.close_episode(episode.id, now)
    except HistoryError as exc:
        raise HistoryFailed(f"the episode was not closed: {exc}") from None
    finally:
        store.close()
    # translators: said by `spasm-wizard close`: "Closed episode 1. ..."
    print(tr("Closed episode {id}. Glad your back is better.", id=episode.id))
    return EXIT_OK
