"""Screenshots 9 to 11 (Welcome back, a check-in's plan, the history), grabbed offscreen
with a fixed clock: two check-ins three days apart. Usage: python docs/history_shots.py
[--dark] [OUT_FOLDER]. The dark one shows the chart in a Fusion dark palette."""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["SPASM_WIZARD_DATA_DIR"] = tempfile.mkdtemp()

from PySide6.QtGui import QColor, QPalette  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402

from wizard.core.clock import fixed_clock  # noqa: E402
from wizard.core.reminders import reminders  # noqa: E402
from wizard.core.ruleset import load_ruleset  # noqa: E402
from wizard.gui.app import application  # noqa: E402
from wizard.gui.history_view import HistoryView  # noqa: E402
from wizard.gui.pages import PageId  # noqa: E402
from wizard.gui.wizard import SpasmWizard  # noqa: E402
from wizard.history.store import Store  # noqa: E402
from wizard.paths import builtin_rules_dir, data_dir  # noqa: E402

DAY0 = datetime.fromisoformat("2026-11-27T10:00:00+01:00")
DAY3 = datetime.fromisoformat("2026-11-30T10:00:00+01:00")
dark = "--dark" in sys.argv
out = Path(([a for a in sys.argv[1:] if a != "--dark"] or ["docs/screenshots"])[0])
app = application()
if dark:
    app.setStyle("Fusion")
    palette = QPalette()
    for role, colour in (("Window", "#2b2b2b"), ("WindowText", "#eeeeee"), ("Base", "#1e1e1e"),
                         ("Text", "#eeeeee"), ("Button", "#353535"), ("ButtonText", "#eeeeee"),
                         ("Mid", "#5a5a5a"), ("Link", "#8ab4f8")):
        palette.setColor(getattr(QPalette.ColorRole, role), QColor(colour))
    app.setPalette(palette)
rules = load_ruleset(builtin_rules_dir())


def wizard(now: datetime) -> SpasmWizard:
    w = SpasmWizard(rules, clock=fixed_clock(now), zone=now.tzinfo, store=Store(data_dir()))
    w.resize(780, 720)
    w.show()
    QTest.qWait(30)
    return w


def answer(w: SpasmWizard, values: dict) -> None:
    while w.currentId() != PageId.PLAN:
        page = w.currentPage()
        for qid, value in values.items():
            if hasattr(page, "widgets") and qid in page.widgets:
                page.widgets[qid].set_value(value)
        if w.currentId() == PageId.WHEN:
            page.widgets["onset"].set_value(values["onset"])
        w.next()
        QTest.qWait(10)


first = wizard(DAY0)
answer(first, {"red_flags": [], "age": 34, "sudden_trauma": True, "trauma_kind": "lifting",
               "onset": datetime.fromisoformat("2026-11-27T07:30:00+01:00"),
               "symptoms": ["stiffness", "tightness"], "pain": 7})
first.accept()  # Finish: no question asked
# Done on the "What now" card for most of the first days' sessions and some exercise times,
# as a person would have pressed it (the history view and the chart count them per day).
store, episode = first.store, first.last_result.episode
for n, reminder in enumerate(reminders(first.last_result.plan, rules)):
    if reminder.kind in ("session", "exercises") and reminder.start < DAY3 and n % 4 != 3:
        store.add_done(episode.id, reminder.kind, reminder.key, reminder.start, reminder.start)
later = wizard(DAY3)
suffix = "-dark" if dark else ""
if not dark:
    later.grab().save(str(out / "9-welcome-back.png"))
answer(later, {"red_flags": [], "symptoms": ["stiffness"], "pain": 4})
view = later.currentPage().view
view.verticalScrollBar().setValue(view.changes.parentWidget().y() + view.changes.y() - 60 if view.changes else 0)
QTest.qWait(30)
later.grab().save(str(out / f"10-check-in-plan{suffix}.png"))
if not dark:
    history = HistoryView(later)
    history.show()
    QTest.qWait(30)
    history.grab().save(str(out / "11-history.png"))
print("screenshots in", out)
