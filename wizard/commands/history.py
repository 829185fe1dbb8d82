"""`spasm-wizard history`: list the stored episodes and their check-ins."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from ..core.clock import local_zone
from ..i18n import tr
from ..words import adherence, adherence_line, history_lines
from . import EXIT_OK
from .storage import open_store

if TYPE_CHECKING:
    import argparse


def run(args: argparse.Namespace) -> int:
    store = open_store()
    try:
        episodes = [(e, store.checkins(e.id), store.corrections(e.id)) for e in store.episodes()]
        done = {e.id: store.done(e.id) for e, _, _ in episodes}
    finally:
        store.close()
    if args.json:
        print(json.dumps({"episodes": [{
            "id": e.id, "onset": e.onset.isoformat() if e.onset else None,
            "sudden_trauma": e.sudden_trauma,
            "trauma_kind": e.trauma_kind, "closed": e.closed.isoformat() if e.closed else None,
            "checkins": [{"number": c.number, "at": c.at.isoformat(), "pain": c.pain,
                          "triage": c.triage, "phase": c.phase,
                          "next_checkin": c.plan.get("next_checkin"),
                          "signs_told": list(c.told), "doctor_checked": c.doctor_seen}
                         for c in checkins],
            "corrections": [{"at": k.at.isoformat(), "kind": k.kind, "sign": k.value}
                            for k in corrections],
            "done": [{"kind": d.kind, "planned": d.planned.isoformat(), "at": d.at.isoformat()}
                     for d in done[e.id]],
            "done_per_day": [{"day": day.isoformat(), "sessions": s, "exercises": x}
                             for day, s, x in adherence(done[e.id], local_zone())],
        } for e, checkins, corrections in episodes]}, indent=2, ensure_ascii=False))
        return EXIT_OK
    if not episodes:
        print(tr("No check-ins are stored."))
        return EXIT_OK
    # The rule set's words, through the cache, which a listing reads and never writes. Imported
    # here: --json and an empty history need no rule set, nor the cache's modules (2.5 ms).
    from .common import load_rules
    ruleset = load_rules(None, write=False)
    for episode, checkins, corrections in episodes:
        for line in history_lines(episode, checkins, corrections, ruleset):
            print(line)
        for day, sessions, exercises in adherence(done[episode.id], local_zone()):
            print(f"  {adherence_line(day, sessions, exercises)}")
    return EXIT_OK
