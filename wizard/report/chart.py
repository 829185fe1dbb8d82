"""Pain over the days of an episode, with the phases shaded, and under it the sessions and
exercises marked Done each day. Drawn with QPainter from plain data, on any paint device: the
plan page, the history view and the PDF use the same code."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, time, timedelta, tzinfo

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QBrush, QColor, QFont, QPen

from ..core._msgspec import msgspec
from ..i18n import tr

from .colours import BANDS, TONES

LINE = "#1d3557"
# The legend of the bars of what was done, in English (`legend` gives it in the person's words).
SESSIONS_DONE = "cold or heat sessions done that day"
EXERCISES_DONE = "exercise times done that day"


def legend() -> list[tuple[str, bool]]:
    """The legend of the bars of what was done: a filled bar, then an open one."""
    # translators: the chart's legend, beside a filled bar
    return [(tr("cold or heat sessions done that day"), True),
            # translators: the chart's legend, beside an open bar
            (tr("exercise times done that day"), False)]


class Ink(msgspec.Struct, frozen=True):
    """The chart's colours: the printed ones by default; the window passes its palette's."""
    text: str = "#333333"
    grid: str = "#b8b8b8"
    line: str = LINE
    dark: bool = False   # on a dark background the bands are the tones, see-through


class Band(msgspec.Struct, frozen=True):
    start: datetime
    end: datetime
    title: str
    tone: str


class DoneDay(msgspec.Struct, frozen=True):
    """A day with something marked Done: from its local midnight, the counts."""
    start: datetime
    sessions: int
    exercises: int


class ChartData(msgspec.Struct, frozen=True):
    onset: datetime
    points: tuple[tuple[datetime, int], ...]
    bands: tuple[Band, ...]
    top: int = 10
    done: tuple[DoneDay, ...] = ()


def chart_data(series: Sequence, ruleset, done: Sequence = (),  # noqa: ANN001
               zone: tzinfo | None = None) -> ChartData | None:
    """From the check-ins of an episode (store.Checkin): pains and phase bands. Each phase
    lasts from its check-in to the next one; the last until its planned end or next check-in.
    `done`: (day, sessions, exercise times) for each day, as `words.adherence` gives them,
    with the `zone` of those days (default: the onset's)."""
    if not series:
        return None
    onset = datetime.fromisoformat(series[0].answers["onset"])
    points = tuple((c.at, c.pain) for c in series)
    bands = []
    for n, c in enumerate(series):
        planned_end = c.plan.get("phase_until")
        if n + 1 < len(series):
            end = series[n + 1].at
            if planned_end:  # a phase that ended before the next check-in (cold at 48 h)
                end = min(end, datetime.fromisoformat(planned_end))
        else:
            planned = planned_end or c.plan.get("next_checkin")
            end = datetime.fromisoformat(planned) if planned else c.at + timedelta(days=1)
        label = ruleset.label("phase", c.phase)
        band = Band(c.at, max(end, c.at), label.title if label else c.phase,
                    label.tone if label else "neutral")
        if bands and bands[-1].title == band.title:  # the same phase goes on: one band
            band = Band(bands[-1].start, band.end, band.title, band.tone)
            bands.pop()
        bands.append(band)
    top = max((q.max for q in ruleset.questions.values() if q.id == "pain" and q.max), default=10)
    days = tuple(DoneDay(datetime.combine(day, time(0), zone or onset.tzinfo), sessions, exercises)
                 for day, sessions, exercises in done)
    return ChartData(onset, points, tuple(bands), top, days)


def draw(painter, rect, data: ChartData, *, font_px: float = 12.0,  # noqa: ANN001
         ink: Ink = Ink()) -> None:
    """Draw the chart in `rect` (a QRectF) with `painter`. Days since onset along the bottom,
    pain up the side; phases as pale bands with their names. Under the pain, for each day
    with something done, two bars with their counts above them: filled for the sessions of
    cold or heat, open for the exercise times; a legend says so in words."""
    painter.save()
    font = QFont(painter.font())
    font.setPixelSize(max(1, round(font_px)))
    painter.setFont(font)
    metrics_h = font_px * 1.4
    strip = metrics_h * 3.0 if data.done else 0.0   # the bars of what was done
    left = rect.left() + font_px * 2.2
    right = rect.right() - font_px * 2.2
    # The legend on one line, or (a narrow chart, longer words) each part on a line of its own.
    legend_lines = len(_legend_rows(painter.fontMetrics(), font_px, right - left)) \
        if data.done else 0
    bottom = rect.bottom() - metrics_h * (3.3 if data.done else 2.3) - strip \
        - metrics_h * max(0, legend_lines - 1)
    top = rect.top() + metrics_h * 1.4
    last = max([p[0] for p in data.points] + [b.end for b in data.bands]
               + [d.start + timedelta(days=1) for d in data.done])
    days = max(3.0, (last - data.onset).total_seconds() / 86400)
    days = float(int(days) + 1)

    def x(moment: datetime) -> float:
        return left + (right - left) * ((moment - data.onset).total_seconds() / 86400) / days

    def y(pain: float) -> float:
        return bottom - (bottom - top) * pain / data.top

    metrics = painter.fontMetrics()
    named_to = rect.left()  # where the last band's name ends: the next one starts after it
    for band in data.bands:  # phases, shaded, named at the top
        x0, x1 = max(left, x(band.start)), min(right, x(band.end))
        if x1 <= x0:
            continue
        if ink.dark:
            shade = QColor(TONES.get(band.tone, TONES["neutral"]))
            shade.setAlpha(120)
        else:
            shade = QColor(BANDS.get(band.tone, BANDS["neutral"]))
        painter.fillRect(QRectF(x0, top, x1 - x0, bottom - top), shade)
        painter.setPen(QColor(ink.text))
        # The name from the band's start; a band near the right edge has its name moved left
        # to end inside the chart ("Feuchte Wärme" was cut to "Feuchte Wär"), but never over
        # the name before it; what still does not fit ends in "…".
        words = metrics.horizontalAdvance(band.title) + 2
        start = max(min(x0 + 3, rect.right() - words), named_to + font_px * 0.5)
        room = rect.right() - start
        title = band.title
        if words > room:  # cut by hand: Qt's elidedText wants a Qt enum, slow to build
            keep = len(title)
            while keep and metrics.horizontalAdvance(title[:keep] + "\u2026") + 2 > room:
                keep -= 1
            title = title[:keep].rstrip() + "\u2026" if keep else ""
        painter.drawText(QRectF(start, top - metrics_h * 1.3, max(0.0, room), metrics_h),
                         0x0001 | 0x0040, title)  # AlignLeft | AlignVCenter
        named_to = start + metrics.horizontalAdvance(title)
    grid = QPen(QColor(ink.grid), max(0.5, font_px / 14))
    for pain in range(0, data.top + 1, 2):
        painter.setPen(grid)
        painter.drawLine(QPointF(left, y(pain)), QPointF(right, y(pain)))
        painter.setPen(QColor(ink.text))
        painter.drawText(QRectF(rect.left(), y(pain) - metrics_h / 2, left - rect.left() - 4, metrics_h),
                         0x0002 | 0x0040, str(pain))  # AlignRight | AlignVCenter
    step = 1 if days <= 14 else 7
    # translators: the chart's axis: the days since the back pain started, "day 0", "day 1"
    day_label = tr("day {day}")
    for day in range(0, int(days) + 1, step):
        px = x(data.onset + timedelta(days=day))
        painter.setPen(grid)
        painter.drawLine(QPointF(px, bottom), QPointF(px, bottom + strip + 4))
        painter.setPen(QColor(ink.text))
        # Under its line, in a box as wide as its words (a longer language) and inside the chart.
        label = day_label.format(day=day)
        width = max(font_px * 4, painter.fontMetrics().horizontalAdvance(label) + 2)
        middle = min(max(px, rect.left() + width / 2), rect.right() - width / 2)
        painter.drawText(QRectF(middle - width / 2, bottom + strip + 4, width, metrics_h),
                         0x0004 | 0x0020, label)  # AlignHCenter | AlignTop
    painter.drawText(QRectF(left, bottom + strip + metrics_h, right - left, metrics_h),
                     # translators: the chart's axes explained: {top} is the most pain, 10
                     0x0004 | 0x0020, tr("days since it started; pain 0 to {top}", top=data.top))
    if data.done:
        _done_bars(painter, data.done, x, (left, right, bottom, strip), font_px, ink)
        _done_legend(painter, QRectF(left, bottom + strip + metrics_h * 2, right - left,
                                     metrics_h * legend_lines), font_px, ink)
    line = QPen(QColor(ink.line), max(1.0, font_px / 5))
    painter.setPen(line)
    points = [QPointF(x(at), y(pain)) for at, pain in data.points]
    for a, b in zip(points, points[1:]):
        painter.drawLine(a, b)
    painter.setBrush(QBrush(QColor(ink.line)))
    radius = font_px / 3
    for (at, pain), point in zip(data.points, points):
        painter.drawEllipse(point, radius, radius)
        painter.drawText(QRectF(point.x() - font_px, point.y() - metrics_h - radius, font_px * 2,
                                metrics_h), 0x0004 | 0x0040, str(pain))
    painter.restore()


def _done_bars(painter, done, x, box, font_px: float, ink: Ink) -> None:  # noqa: ANN001
    """Under the pain: for each day, a filled bar (sessions) and an open one (exercise
    times) side by side in the middle of that day, each with its count above it."""

    left, right, bottom, strip = box
    metrics_h = font_px * 1.4
    painter.save()
    base = bottom + strip
    tallest = max(max(d.sessions, d.exercises) for d in done) or 1
    room = strip - metrics_h * 1.2         # the tallest bar; its count goes above it
    painter.setPen(QPen(QColor(ink.grid), max(0.5, font_px / 14)))
    painter.drawLine(QPointF(left, base), QPointF(right, base))
    outline = QPen(QColor(ink.line), max(1.0, font_px / 10))
    small = QFont(painter.font())
    for d in done:
        x0, x1 = x(d.start), x(d.start + timedelta(days=1))
        width = min((x1 - x0) * 0.32, font_px * 1.4)
        # The counts in a font that fits two of them side by side in the day.
        size = min(font_px * 0.9, (x1 - x0) / 2.6)
        # In the middle of the day; the day of the onset starts before the chart: moved in.
        middle = min(max((x0 + x1) / 2, left + width * 1.2), right - width * 1.2)
        for n, (count, filled) in enumerate(((d.sessions, True), (d.exercises, False))):
            bx = middle - width * 1.1 + n * width * 1.2
            height = room * count / tallest
            painter.setPen(outline)
            painter.setBrush(QBrush(QColor(ink.line)) if filled else QBrush())
            if count:
                painter.drawRect(QRectF(bx, base - height, width, height))
            if size >= font_px * 0.5:
                small.setPixelSize(max(1, round(size)))
                painter.setFont(small)
                painter.setPen(QColor(ink.text))
                painter.drawText(QRectF(bx - width, base - height - metrics_h, width * 3,
                                        metrics_h), 0x0004 | 0x0040, str(count))
                # AlignHCenter | AlignBottom
    painter.restore()


def _done_legend(painter, rect, font_px: float, ink: Ink) -> None:  # noqa: ANN001
    """'[filled] cold or heat sessions done that day   [open] exercise times done that day'."""

    painter.save()
    metrics = painter.fontMetrics()
    side = font_px * 0.8
    gap = font_px * 0.5
    rows = _legend_rows(metrics, font_px, rect.width())
    height = rect.height() / len(rows)
    for n, parts in enumerate(rows):  # each row in the middle of the chart's width
        total = sum(side + gap + metrics.horizontalAdvance(t) for t, _ in parts) + font_px * 1.5
        at = rect.left() + max(0.0, (rect.width() - total) / 2)
        row_top = rect.top() + n * height
        middle = row_top + height / 2
        for text, filled in parts:
            painter.setPen(QPen(QColor(ink.line), max(1.0, font_px / 10)))
            painter.setBrush(QBrush(QColor(ink.line)) if filled else QBrush())
            painter.drawRect(QRectF(at, middle - side / 2, side, side))
            at += side + gap
            painter.setPen(QColor(ink.text))
            advance = metrics.horizontalAdvance(text)
            painter.drawText(QRectF(at, row_top, advance + 2, height),
                             0x0001 | 0x0080, text)  # AlignLeft | AlignVCenter
            at += advance + font_px * 1.5
    painter.restore()


def _legend_rows(metrics, font_px: float, width: float) -> list[list[tuple[str, bool]]]:  # noqa: ANN001
    """The legend's parts on one row when they fit in `width`, else one part a row."""
    parts = legend()
    total = sum(font_px * 1.3 + metrics.horizontalAdvance(t) for t, _ in parts) + font_px * 1.5
    return [parts] if total <= width else [[part] for part in parts]
