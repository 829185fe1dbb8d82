"""The pain chart's bars of what was done each day (issue 12): drawn for real on an image,
with the painter's calls recorded to check what a reader sees."""

from __future__ import annotations

from datetime import datetime

import pytest

from wizard.report.chart import EXERCISES_DONE, SESSIONS_DONE, Band, ChartData, DoneDay, chart_data, draw

pytestmark = pytest.mark.usefixtures("qapp")  # fonts need a QGuiApplication

ONSET = datetime.fromisoformat("2026-11-27T07:30:00+01:00")
FRIDAY = datetime.fromisoformat("2026-11-27T00:00:00+01:00")
SATURDAY = datetime.fromisoformat("2026-11-28T00:00:00+01:00")


class Recorder:
    """A QPainter that notes its texts and rectangles (with the brush they were filled with)."""

    def __init__(self, painter) -> None:  # noqa: ANN001
        self._painter, self.texts, self.rects = painter, [], []

    def __getattr__(self, name: str):  # noqa: ANN204
        return getattr(self._painter, name)

    def drawText(self, rect, flags, text) -> None:  # noqa: ANN001, N802
        self.texts.append((rect, text))
        self._painter.drawText(rect, flags, text)

    def drawRect(self, rect) -> None:  # noqa: ANN001, N802
        from PySide6.QtCore import Qt
        self.rects.append((rect, self._painter.brush().style() != Qt.BrushStyle.NoBrush))
        self._painter.drawRect(rect)


def drawn(data: ChartData, width: int = 800) -> Recorder:
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QImage, QPainter
    image = QImage(width, 320, QImage.Format.Format_ARGB32)
    image.fill(0xFFFFFFFF)
    painter = QPainter(image)
    recorder = Recorder(painter)
    draw(recorder, QRectF(0, 0, width, 320), data, font_px=12)
    painter.end()
    return recorder


def test_each_day_has_a_filled_bar_for_sessions_and_an_open_one_for_exercises() -> None:
    data = ChartData(ONSET, ((ONSET, 6), (SATURDAY.replace(hour=18), 4)), (),
                     done=(DoneDay(FRIDAY, 4, 1), DoneDay(SATURDAY, 0, 2)))
    seen = drawn(data)
    texts = [text for _, text in seen.texts]
    assert SESSIONS_DONE in texts and EXERCISES_DONE in texts, "a legend in words"
    base = seen.rects[0][0].bottom()
    bars = [(rect, filled) for rect, filled in seen.rects if abs(rect.bottom() - base) < 0.01]
    assert [filled for _, filled in bars] == [True, False, False], "no bar for nothing done"
    heights = [rect.height() for rect, _ in bars]
    assert heights[0] == pytest.approx(4 * heights[1]) == pytest.approx(2 * heights[2])
    # The counts above the bars, in the order of the days, a 0 too: readable without colour.
    counts = sorted(((rect.center().x(), text) for rect, text in seen.texts
                     if text.isdigit() and rect.bottom() <= base + 0.01
                     and rect.top() > base - 3 * 12 * 1.4), key=lambda pair: pair[0])
    assert [text for _, text in counts] == ["4", "1", "0", "2"]
    friday_last = [x for x, _ in counts][1]
    assert all(bars[0][0].left() < x for x, _ in counts)
    assert bars[2][0].left() > friday_last, "Saturday's bars come after Friday's counts"


def test_no_bars_and_no_legend_when_nothing_was_done() -> None:
    seen = drawn(ChartData(ONSET, ((ONSET, 6),), ()))
    assert seen.rects == []
    assert SESSIONS_DONE not in [text for _, text in seen.texts]


def test_the_days_start_at_local_midnight(ruleset) -> None:
    from zoneinfo import ZoneInfo

    from wizard.history.store import Checkin
    checkin = Checkin(1, 1, 1, ONSET, {"onset": ONSET.isoformat()}, 6, "self_care", "cold",
                      {"phase_until": "2026-11-29T07:30:00+01:00"}, "2.0.0")
    zone = ZoneInfo("America/New_York")
    data = chart_data([checkin], ruleset, [(FRIDAY.date(), 2, 1)], zone)
    assert data.done == (DoneDay(datetime(2026, 11, 27, tzinfo=zone), 2, 1),)


def test_the_day_of_the_onset_keeps_both_bars_when_it_starts_before_the_chart() -> None:
    late = datetime.fromisoformat("2026-11-27T20:00:00+01:00")   # the day is nearly over
    seen = drawn(ChartData(late, ((late, 6), (late.replace(day=28), 4)), (),
                           done=(DoneDay(FRIDAY, 3, 1),)))
    bars = [rect for rect, _ in seen.rects][:2]
    assert len([t for _, t in seen.texts if t in ("3", "1")]) >= 2
    left = min(rect.left() for rect, text in seen.texts if text == "day 0") + 2 * 12
    assert all(rect.left() >= left - 0.01 for rect in bars), "inside the chart"


@pytest.mark.parametrize("days", [0.05, 0.3, 1.0])
def test_a_band_at_the_right_edge_has_its_whole_name_inside_the_chart(days: float) -> None:
    """A short last band ("Feuchte Wärme" for the last hours) was named from its start, so
    its name ran out of the chart: "Feuchte Wär". It is moved left to end inside, never over
    the name before it."""
    from datetime import timedelta

    from PySide6.QtGui import QFontMetricsF
    end = ONSET + timedelta(days=3.95)  # the axis ends at day 4: the band ends at the edge
    cold = Band(ONSET, end - timedelta(days=days), "Kälte", "info")
    heat = Band(end - timedelta(days=days), end, "Feuchte Wärme", "warning")
    data = ChartData(ONSET, ((ONSET, 7), (end, 3)), (cold, heat))
    recorder = drawn(data, width=420)  # as narrow as in the history at 560 pixels
    metrics = QFontMetricsF(recorder.font())
    placed = [(rect.left(), rect.left() + metrics.horizontalAdvance(text), text)
              for rect, text in recorder.texts if text in ("Kälte", "Feuchte Wärme")]
    assert [text for *_, text in placed] == ["Kälte", "Feuchte Wärme"], "both whole"
    (_, cold_end, _), (heat_start, heat_end, _) = placed
    assert heat_end <= 420, f"the name ends at {heat_end:.0f}, outside the chart (420)"
    assert heat_start > cold_end, "not over the name before it"
