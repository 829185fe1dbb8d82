"""The history window fits the screen, whatever its size and scale: its frame inside the
screen's free area, its buttons on it, its tables without a sideways scroll bar (in English
and in German), every value still shown."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QScreen
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QWidget

from conftest import speaking
from wizard.core.clock import fixed_clock
from wizard.core.ruleset import load_ruleset
from wizard.gui.history_view import WIDTH, HistoryView
from wizard.gui.wizard import FRAME_MS, SpasmWizard, fit
from wizard.history.checkin import check_in
from wizard.history.store import Store
from wizard.paths import builtin_rules_dir, data_dir

pytestmark = pytest.mark.usefixtures("qapp")  # see test_pdf.py

DAY0 = datetime.fromisoformat("2026-11-27T10:00:00+01:00")
STRAIN = {"age": 34, "red_flags": [], "sudden_trauma": True, "trauma_kind": "lifting",
          "onset": "2026-11-27T07:30:00+01:00", "symptoms": [], "pain": 6}
# 1280 x 900 at 200 % (QT_SCALE_FACTOR=2), as the person who found it had; and smaller.
SMALL_SCREENS = [QRect(0, 0, 640, 450), QRect(0, 0, 400, 400), QRect(100, 30, 520, 420)]


@pytest.fixture(params=["en", "de"])
def language(request, qapp):
    """The language of the test, as a person sees it (conftest.speaking)."""
    with speaking(qapp, request.param):
        yield request.param


def history(qtbot, language: str, signs: bool = False) -> HistoryView:
    """Four check-ins over four days, cold or heat done on three; with `signs`, first a
    fever told, then taken back at a check-in that said no doctor had checked."""
    ruleset = load_ruleset(builtin_rules_dir(), language=language)
    store = Store(data_dir())
    if signs:
        check_in(store, ruleset, {**STRAIN, "red_flags": ["fever"]}, DAY0)
        check_in(store, ruleset, {**STRAIN, "pain": 4, "doctor_seen": False},
                 DAY0 + timedelta(hours=3), take_back=("fever",))
    for day, pain in enumerate((6, 5, 4, 3)):
        check_in(store, ruleset, {**STRAIN, "pain": pain}, DAY0 + timedelta(days=day, hours=5))
    episode = store.episodes()[0].id
    for hours in (5, 29, 53):
        at = DAY0 + timedelta(hours=hours)
        store.add_done(episode, "session", f"session-{hours}", at, at)
    now = DAY0 + timedelta(days=4)
    w = SpasmWizard(ruleset, clock=fixed_clock(now), zone=now.tzinfo, store=store)
    qtbot.addWidget(w)
    view = HistoryView(w)
    qtbot.addWidget(view)
    return view


def show(qtbot, view: HistoryView) -> None:
    view.show()
    qtbot.waitExposed(view)
    qtbot.wait(FRAME_MS + 50)   # fitted again once framed
    QApplication.processEvents()


def sideways(view: HistoryView) -> list[str]:
    """The scroll areas of the window showing a sideways scroll bar."""
    return [area.accessibleName() or type(area).__name__
            for area in view.findChildren(QAbstractScrollArea)
            if area.isVisible() and area.horizontalScrollBar().isVisible()]


def assert_fits(view: HistoryView, area: QRect) -> None:
    frame = view.frameGeometry()
    assert area.contains(frame), f"the window {frame.getRect()} is off the screen {area.getRect()}"
    assert view.minimumSizeHint().width() <= area.width()
    for button in (view.export_button, view.delete_button, view.close_button):
        where = QRect(button.mapTo(view, button.rect().topLeft()), button.size())
        assert button.isVisible() and view.rect().contains(where), button.text()
    assert not view.scroll_area.horizontalScrollBar().isVisible()
    body = view.scroll_area.widget()
    assert body.minimumSizeHint().width() <= view.scroll_area.viewport().width() + 1
    assert sideways(view) == []


def assert_every_value_shown(box) -> None:  # noqa: ANN001
    """Each value of each row in a column shown, or in the row's card when cards show."""
    table = box.table
    assert table.isVisible() != box.cards.isVisible(), "the table or its cards"
    for r in range(table.rowCount()):
        card = box.cards.item(r, 0).text().splitlines()
        for c in range(table.columnCount()):
            value = table.item(r, c).text()
            if not value:
                continue
            if box.stacked:
                heading = table.horizontalHeaderItem(c).text()
                assert f"{heading}: {value}" in card, (heading, value)
            else:
                assert not table.isColumnHidden(c), (r, c, value)


def assert_nothing_cut(table) -> None:  # noqa: ANN001
    """Each heading and cell shown whole, wrapped onto lines where its column is narrow:
    no word wider than its column (Qt would break it), no text higher than its row or the
    headings (Qt would cut it with "\u2026")."""
    header, style = table.horizontalHeader(), table.style()
    cell_margin = 2 * (style.pixelMetric(style.PixelMetric.PM_FocusFrameHMargin, None, table) + 1)
    head_margin = 2 * style.pixelMetric(style.PixelMetric.PM_HeaderMargin, None, header)
    wrap = int(Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap)

    def whole(metrics, text: str, width: int, height: int, what: str) -> None:  # noqa: ANN001
        for word in text.split():
            assert metrics.horizontalAdvance(word) <= width, f"{what}: {word!r} in {width} px"
        need = metrics.boundingRect(QRect(0, 0, width, 100000), wrap, text).height()
        assert need <= height, f"{what}: {text!r} needs {need} px high, has {height}"

    for c in range(table.columnCount()):
        if table.isColumnHidden(c):
            continue
        width = table.columnWidth(c)
        whole(header.fontMetrics(), table.horizontalHeaderItem(c).text(), width - head_margin,
              header.height(), f"heading {c}")
        for r in range(table.rowCount()):
            whole(table.fontMetrics(), table.item(r, c).text(), width - cell_margin,
                  table.rowHeight(r), f"cell {r}, {c}")


def test_fit_keeps_a_window_larger_than_the_screen_on_it(qtbot) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    window.resize(1720, 1200)   # the history window at 200 %, before
    for area in SMALL_SCREENS:
        window.move(-50, 900)
        fit(window, area)
        assert area.contains(window.frameGeometry()), (area, window.frameGeometry())


def test_the_window_fits_the_screen_and_its_tables_need_no_sideways_scrolling(
        qtbot, language) -> None:
    view = history(qtbot, language)
    show(qtbot, view)
    area = view.screen().availableGeometry()
    assert area.width() >= WIDTH + 20, "the offscreen screen has room for the first width"
    assert view.width() == WIDTH
    assert_fits(view, area)
    assert not view.checkin_box.stacked and not view.days_box.stacked, "tables, not cards"
    assert view.table.horizontalHeader().length() <= view.table.viewport().width()
    for box in (view.checkin_box, view.days_box):
        assert_every_value_shown(box)
        assert_nothing_cut(box.cards if box.stacked else box.table)
    assert view.chart is not None and view.chart.isVisibleTo(view)


def test_warning_signs_and_a_doctor_answer_need_no_sideways_scrolling(qtbot, language) -> None:
    view = history(qtbot, language, signs=True)
    show(qtbot, view)
    assert_fits(view, view.screen().availableGeometry())
    fever = next(o.text for o in view.wiz.ruleset.options("red_flags") if o.id == "fever")
    assert view.table.item(0, 7).text() == fever and view.table.item(1, 8).text() == fever
    assert_every_value_shown(view.checkin_box)
    box = view.checkin_box
    assert_nothing_cut(box.cards if box.stacked else box.table)


@pytest.mark.parametrize("area", SMALL_SCREENS, ids=lambda a: f"{a.width()}x{a.height()}")
def test_on_a_small_screen_it_fits_and_scrolls_up_and_down(qtbot, language, area,
                                                            monkeypatch) -> None:
    monkeypatch.setattr(QScreen, "availableGeometry", lambda screen: QRect(area))
    view = history(qtbot, language, signs=True)
    show(qtbot, view)
    assert_fits(view, area)
    assert view.scroll_area.verticalScrollBar().isVisible(), "the rest is a scroll away"
    for box in (view.checkin_box, view.days_box):
        shown = box.cards if box.stacked else box.table
        assert shown.horizontalHeader().length() <= shown.viewport().width()
        assert_every_value_shown(box)
        assert_nothing_cut(box.cards if box.stacked else box.table)
