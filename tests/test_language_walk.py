"""Every page and dialog a person can reach, in German and in the pseudo-language en-XA, at the
window's first size and at 560 pixels (issue 13): no text is cut off, none is left in English.

The walk goes as a person would: a first visit with an urgent sign (every question shows:
strain yes asks what they were doing; a time in the future shows its error), Review, the
plan with each "Why?" open, the calendar file and Copy said, a PDF, a calendar file and a CSV
that cannot be saved, the history (exported), the dialogs that ask before closing and
deleting, and Qt's save dialog; a check-in two hours later (Welcome back, the doctor question,
the signs told before in Review, the chart, Done); an emergency check-in; the next day "my
back is better" (the Closed page, its reminders removed); a self-care plan in a history of its
own; and an empty history. Every message box asked or told is shown as Qt shows it.

On each stop, every widget the window shows (isVisibleTo the window: what is scrolled away
counts, what is hidden does not) is looked at:

- cut off: a wrapping label needs no more height than it has (heightForWidth) and no word is
  wider than it; a one-line label, a button, a combo box or a spin box is as wide and high as
  its size hint; no widget reaches past its parent's edge; no page scrolls sideways; the
  window stays 560 px wide; a table's column is as wide as its heading and its cells (Qt
  would elide them with "…"); the chart's words fit their boxes and the chart; no "…" but the
  code's own ("Save as PDF…");
- English left: in en-XA every letter stands inside a pseudo-translated "[...]" whose words are
  all accented, except the product's name, URLs and file paths, and Qt's own words (standard
  buttons, the date box's weekday, which en-XA takes from English); in German, none of the
  common English words of ENGLISH (whole words; "Back Spasm Wizard", English titles quoted
  „like this“, URLs and paths aside). Texts, tool tips, accessible names and descriptions,
  window titles, table headings and cells, and the words the pain chart draws are read.

Every problem is collected (the stop, the widget's class and object name, its text and sizes)
and the test fails once with the whole list. Screenshots of each stop go to /tmp/walk/.
"""

from __future__ import annotations

import html
import re
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, QRectF, Qt
from PySide6.QtGui import QDesktopServices, QPainter
from PySide6.QtWidgets import (QAbstractButton, QAbstractScrollArea, QAbstractSpinBox, QApplication,
                               QComboBox, QDateTimeEdit, QDialogButtonBox, QFileDialog, QGroupBox,
                               QLabel, QLineEdit, QMessageBox, QScrollArea, QTableView, QWidget)

from wizard import i18n
from conftest import speaking
from wizard.core.clock import fixed_clock
from wizard.core.ruleset import load_ruleset
from wizard.gui.pages import PageId
from wizard.gui.wizard import SpasmWizard
from wizard.history.store import Store
from wizard.paths import builtin_rules_dir, data_dir

from test_gui_history import DAY0

pytestmark = pytest.mark.usefixtures("qapp")

SHOTS = Path("/tmp/walk")
NARROW = 560
PRODUCT = "Back Spasm Wizard"
NAMES = re.compile(r"\b(NHS|NICE)\b")  # publishers of the sources: names, not words
# Common English words that are not German words too (nor German with a capital: "Not",
# "After", "See" are German nouns, so these count in lower case only).
ENGLISH = frozenset("""
    the and your you with this that these when what which why how pain back doctor help now
    today tomorrow yesterday next week weeks day days hour hours minutes check save close open
    yes no of to for or is are it be can should have has from if until about ago again more
    less before every each first keep take get call here there out down better worse leg legs
    sudden started chosen severe moderate because then than but our we us warning signs sign
    history data exercises exercise cold heat done add calendar reminders reminder remove
    delete file answer answers question change welcome spasm copy told times time night
    morning evening stay sessions session""".split())
LOWER_ONLY = frozenset({"not", "after", "see"})
WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
UNACCENTED = re.compile(r"[aeiouycnAEIOUYCN]")  # what en-XA accents (i18n._ACCENTED)
URL = re.compile(r"https?://\S+")
PATH = re.compile(r"(?<![\w<])/[^\s<>\"']+")
QUOTED = re.compile(r"„[^“]*“")


# --- the language, the app's look, and the way back to English ----------------------------

@pytest.fixture(params=["de", "en-XA"])
def language(request, qapp):
    """The language of the test, as a person sees it (conftest.speaking)."""
    with speaking(qapp, request.param):
        yield request.param


@pytest.fixture(params=["default", "560"])
def width(request) -> str:
    return request.param


# --- reading what a widget says -----------------------------------------------------------

def plain(text: str) -> str:
    """What a person reads: no HTML tags, entities read, the Alt + letter marks gone."""
    if re.search(r"<\w[^>]*>|</\w+>", text):  # rich text: a break or a block is a space
        text = re.sub(r"<(br|p|li|ul|div|tr|td|h\d)\b[^>]*>|</(p|li|ul|div|tr|td|h\d)>", " ", text)
        text = re.sub(r"<[^>]*>", "", text)
    text = html.unescape(text)
    return re.sub(r"&(.)", r"\1", text)


def english_in_pseudo(text: str) -> list[str]:
    """The words of `text` that were not pseudo-translated: letters outside "[...]", or a
    word inside one that has a letter en-XA would have accented (a filled-in English value)."""
    text = NAMES.sub(" ", PATH.sub(" ", URL.sub(" ", plain(text).replace(PRODUCT, " "))))
    left: list[str] = []
    while True:
        inner = re.search(r"\[[^\[\]]*\]", text)
        if inner is None:
            break
        left += [w for w in WORD.findall(inner.group()) if UNACCENTED.search(w)]
        text = text[:inner.start()] + " " + text[inner.end():]
    left += WORD.findall(text)
    return left


def english_in_german(text: str) -> list[str]:
    text = plain(text).replace(PRODUCT, " ")
    text = NAMES.sub(" ", QUOTED.sub(" ", PATH.sub(" ", URL.sub(" ", text))))
    return [w for w in WORD.findall(text)
            if w.lower() in ENGLISH or w in LOWER_ONLY]


def in_file_dialog(widget: QWidget) -> bool:
    while widget is not None and not isinstance(widget, QFileDialog):
        widget = widget.parentWidget()
    return widget is not None


def from_qt(widget: QWidget) -> bool:
    """Words Qt writes itself: a standard button's, the file dialog's (in en-XA these stay
    English, as Qt has no pseudo-language); a date box's weekday and month (QLocale)."""
    box = widget.parentWidget()
    while box is not None and not isinstance(box, (QDialogButtonBox, QFileDialog)):
        box = box.parentWidget()
    if isinstance(box, QFileDialog):
        return True
    if isinstance(box, QDialogButtonBox) and isinstance(widget, QAbstractButton) \
            and box.standardButton(widget) != QDialogButtonBox.StandardButton.NoButton:
        return True
    return isinstance(widget, QDateTimeEdit) and not isinstance(widget.parentWidget(), QFileDialog)


# --- the walk's notebook ------------------------------------------------------------------

def deliberate_ellipses() -> list[str]:
    """The texts whose "…" the code wrote ("Save as PDF…": a dialog follows), translated:
    any other "…" on the screen would be a text cut short."""
    from wizard.i18ntools import extract
    return sorted({plain(i18n.trp(e.context, e.msgid) if e.context else i18n.tr(e.msgid))
                   for e in extract() if "\u2026" in e.msgid}, key=len, reverse=True)


class Walk:
    def __init__(self, qtbot, code: str, width: str) -> None:
        self.qtbot, self.code, self.width = qtbot, code, width
        self.ellipses = deliberate_ellipses()
        self.failures: list[str] = []
        self.count = 0
        self.seen: set[tuple] = set()
        SHOTS.mkdir(exist_ok=True)

    def fit(self, window: QWidget) -> None:
        if self.width == "560":
            window.resize(NARROW, max(window.height(), 700))
        self.settle()
        if self.width == "560" and window.width() > NARROW:
            self.fail("window", window, f"cannot be {NARROW} px wide: its minimum is "
                      f"{window.minimumSizeHint().width()} px, it is {window.width()} px", "")

    def settle(self) -> None:
        QApplication.processEvents()
        self.qtbot.wait(30)

    def fail(self, where: str, widget: QWidget, problem: str, text: str) -> None:
        key = (where.split(" (")[0], type(widget).__name__, widget.objectName(), problem, text)
        if key in self.seen:
            return
        self.seen.add(key)
        self.failures.append(f"[{self.code} {self.width}] {where}: {type(widget).__name__}"
                             f"#{widget.objectName() or '-'} {problem}: {text[:160]!r} "
                             f"(size {widget.width()}x{widget.height()}, hint "
                             f"{widget.sizeHint().width()}x{widget.sizeHint().height()})")

    # - a stop: a screenshot, then every visible widget -
    def look(self, where: str, window: QWidget) -> None:
        self.settle()
        if isinstance(window, SpasmWizard) and window.currentPage() is not None:
            view = getattr(window.currentPage(), "view", None)
            if view is not None:
                self.qtbot.waitUntil(view.complete, timeout=2000)
                self.settle()
        self.count += 1
        slug = re.sub(r"[^a-z0-9]+", "-", where.lower()).strip("-")
        name = f"{self.code}-{self.width}-{self.count:02d}-{slug}"
        window.grab().save(str(SHOTS / f"{name}.png"))
        for area in window.findChildren(QScrollArea):  # a long page whole, as when scrolled
            body = area.widget()
            if area.isVisibleTo(window) and body is not None and \
                    body.height() > area.viewport().height() + 20:
                body.grab().save(str(SHOTS / f"{name}-whole.png"))
                break
        self.words(where, window, window.windowTitle(), "window title")
        if self.width == "560" and not isinstance(window, (QMessageBox, QFileDialog)) \
                and window.width() > NARROW:  # Qt's dialogs are windows of their own size
            self.fail(where, window, f"is {window.width()} px wide, not {NARROW}: held by "
                      + " > ".join(widest(window)), "")
        for widget in [window, *window.findChildren(QWidget)]:
            if widget.window() is not window or not (widget is window or widget.isVisibleTo(window)):
                continue
            self.texts(where, widget)
            self.room(where, window, widget)
        for area in window.findChildren(QScrollArea):
            body = area.widget()
            if area.isVisibleTo(window) and body is not None and \
                    (body.minimumSizeHint().width() > area.viewport().width() + 1
                     or body.width() > area.viewport().width() + 1):
                self.fail(where, area, f"scrolls sideways: its page needs "
                          f"{body.minimumSizeHint().width()} px, the view is "
                          f"{area.viewport().width()} px", "")
        self.chart_words(where, window)

    # - English left -
    def words(self, where: str, widget: QWidget, text: str, what: str) -> None:
        if widget.objectName() == "language":  # each language's name in its own words
            for name in i18n.LANGUAGES.values():
                text = text.replace(name, " ")
        if not text or not re.search(r"[^\W\d_]", text):
            return
        left = (english_in_pseudo if self.code == "en-XA" else english_in_german)(text)
        if left:
            self.fail(where, widget, f"{what} left in English {sorted(set(left))}", text)
        shown = plain(text)
        for deliberate in self.ellipses:
            shown = shown.replace(deliberate, " ")
        if "\u2026" in shown:
            self.fail(where, widget, f"{what} cut short with \u2026", text)

    def texts(self, where: str, widget: QWidget) -> None:
        qt = from_qt(widget)
        said: list[tuple[str, str]] = [("tool tip", widget.toolTip()),
                                       ("accessible name", widget.accessibleName()),
                                       ("accessible description", widget.accessibleDescription())]
        if isinstance(widget, QLabel):
            said.append(("text", widget.text()))
        elif isinstance(widget, QAbstractButton):
            said.append(("text", widget.text()))
        elif isinstance(widget, QGroupBox):
            said.append(("title", widget.title()))
        elif isinstance(widget, QComboBox) and widget.objectName() != "language":
            said += [("item", widget.itemText(i)) for i in range(widget.count())]
        elif isinstance(widget, QAbstractSpinBox):
            said.append(("text", widget.text()))
        elif isinstance(widget, QLineEdit) and not isinstance(widget.parentWidget(),
                                                             (QAbstractSpinBox, QComboBox)):
            said += [("text", widget.text()), ("placeholder", widget.placeholderText())]
        elif isinstance(widget, QTableView) and widget.model() is not None:
            model = widget.model()
            said += [("heading", str(model.headerData(c, _horizontal()) or ""))
                     for c in range(model.columnCount())]
            said += [("cell", str(model.index(r, c).data() or ""))
                     for r in range(model.rowCount()) for c in range(model.columnCount())]
        for what, text in said:
            if qt and self.code == "en-XA" and (what in ("text", "item", "title")
                                                or in_file_dialog(widget)):
                continue  # Qt's own words: English in en-XA (no pseudo-language in Qt)
            self.words(where, widget, text, what)

    def chart_words(self, where: str, window: QWidget) -> None:
        """The words the pain chart draws (drawText, recorded while it paints): in the
        language, inside their boxes (drawText clips to its box) and inside the chart."""
        from wizard.gui.plan_view import ChartWidget
        for chart in window.findChildren(ChartWidget):
            if not chart.isVisibleTo(window) or chart.data is None:
                continue
            drawn: list[tuple] = []
            real = QPainter.drawText

            def record(painter, *args):  # noqa: ANN001, ANN002
                if len(args) == 3 and isinstance(args[2], str):
                    drawn.append((QRectF(args[0]), int(args[1]), args[2],
                                  painter.fontMetrics().horizontalAdvance(args[2])))
                return real(painter, *args)
            QPainter.drawText = record
            try:
                chart.grab()
            finally:
                QPainter.drawText = real
            for box, flags, text, wide in drawn:
                self.words(where, chart, text, "drawn on the chart")
                if wide > box.width() + 1:
                    self.fail(where, chart, f"cut off on the chart: its box is "
                              f"{box.width():.0f} px, it needs {wide}", text)
                    continue
                left = (box.right() - wide if flags & 0x2 else
                        box.center().x() - wide / 2 if flags & 0x4 else box.left())
                if left < -1 or left + wide > chart.width() + 1:
                    self.fail(where, chart, f"drawn past the chart's edge ({left:.0f} to "
                              f"{left + wide:.0f} px of {chart.width()})", text)

    # - cut off -
    def room(self, where: str, window: QWidget, widget: QWidget) -> None:
        text = ""
        if isinstance(widget, QLabel):
            text = widget.text()
            if not text.strip():
                return
            inner = widget.contentsRect()
            if widget.wordWrap():
                need = widget.heightForWidth(widget.width())
                if need > widget.height() + 2:
                    self.fail(where, widget, f"cut off at the bottom: needs {need} px high at "
                              f"{widget.width()} px wide, has {widget.height()}", plain(text))
                words = [w for w in plain(text).split() if not PATH.fullmatch(w)]
                longest = max(words, key=widget.fontMetrics().horizontalAdvance, default="")
                if widget.fontMetrics().horizontalAdvance(longest) > inner.width() + 1:
                    self.fail(where, widget, f"the word {longest!r} is wider than the label "
                              f"({widget.fontMetrics().horizontalAdvance(longest)} px, has "
                              f"{inner.width()})", plain(text))
            elif widget.sizeHint().width() > widget.width() + 1 or \
                    widget.sizeHint().height() > widget.height() + 1:
                self.fail(where, widget, "cut off (one line, narrower or lower than its text)",
                          plain(text))
        elif isinstance(widget, QAbstractButton):
            text = widget.text()
            words = getattr(widget, "words", None)
            if text and words is None:  # a tick box that draws its words in a label: see it
                hint = widget.sizeHint()
                if hint.width() > widget.width() + 1 or hint.height() > widget.height() + 1:
                    self.fail(where, widget, "cut off (smaller than its text)", plain(text))
        elif isinstance(widget, QGroupBox) and widget.title():
            text = widget.title()
            if widget.fontMetrics().horizontalAdvance(plain(text)) + 16 > widget.width():
                self.fail(where, widget, "its title is cut off", plain(text))
        elif isinstance(widget, (QComboBox, QAbstractSpinBox)) and not in_file_dialog(widget):
            text = widget.currentText() if isinstance(widget, QComboBox) else widget.text()
            if widget.sizeHint().width() > widget.width() + 1:
                self.fail(where, widget, "narrower than its text", text)
        elif isinstance(widget, QTableView) and widget.model() is not None:
            self.columns(where, widget)
        if isinstance(widget, (QLabel, QAbstractButton, QComboBox, QAbstractSpinBox)) and text:
            outer = self.beyond(window, widget)
            if outer is not None:
                self.fail(where, widget, f"reaches past the edge of its "
                          f"{type(outer).__name__}#{outer.objectName() or '-'} "
                          f"({outer.width()}x{outer.height()})", plain(text))

    def columns(self, where: str, table: QTableView) -> None:
        model, header = table.model(), table.horizontalHeader()
        metrics = header.fontMetrics()
        cell_metrics = table.fontMetrics()
        # Headings that wrap (the history's WrappingHeader) and cells that wrap onto rows as
        # high as they need: whole when no word is wider than the column and the lines fit.
        wraps = bool(header.defaultAlignment() & Qt.TextFlag.TextWordWrap) and table.wordWrap()
        style = header.style()
        head_margin = 2 * style.pixelMetric(style.PixelMetric.PM_HeaderMargin, None, header)
        cell_margin = 2 * (style.pixelMetric(style.PixelMetric.PM_FocusFrameHMargin, None, table) + 1)
        flags = int(Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap)

        def lines_need(fm, text: str, width: int) -> int:  # noqa: ANN001
            return fm.boundingRect(QRect(0, 0, max(1, width), 100000), flags, text).height()

        for c in range(model.columnCount()):
            if header.isSectionHidden(c):
                continue
            title = str(model.headerData(c, _horizontal()) or "")
            room = header.sectionSize(c)
            if wraps:
                word = max((metrics.horizontalAdvance(w) for w in title.split()), default=0)
                high = lines_need(metrics, title, room - head_margin)
                if word + head_margin > room + 1 or high > header.height() + 1:
                    self.fail(where, table, f"column {c} is {room} px, its heading needs "
                              f"{word + head_margin} wide, {high} high", title)
                for r in range(model.rowCount()):
                    value = str(model.index(r, c).data() or "")
                    word = max((cell_metrics.horizontalAdvance(w) for w in value.split()), default=0)
                    high = lines_need(cell_metrics, value, room - cell_margin)
                    if value and (word + cell_margin > room + 1 or high > table.rowHeight(r) + 1):
                        self.fail(where, table, f"column {c} is {room} px, row {r} "
                                  f"{table.rowHeight(r)} px: a cell needs {word + cell_margin} "
                                  f"wide, {high} high (Qt cuts it)", value)
                continue
            need = header.sectionSizeHint(c)
            need = max(need, metrics.horizontalAdvance(title) + 2 * header.style().pixelMetric(
                header.style().PixelMetric.PM_HeaderMargin, None, header))
            if need > room + 1:
                self.fail(where, table, f"column {c} is {room} px, its heading needs {need}", title)
            for r in range(model.rowCount()):
                value = str(model.index(r, c).data() or "")
                wide = cell_metrics.horizontalAdvance(value) + 8
                if value and wide > room + 1:
                    self.fail(where, table, f"column {c} is {room} px, a cell needs {wide} "
                              f"(Qt elides it)", value)

    @staticmethod
    def beyond(window: QWidget, widget: QWidget) -> QWidget | None:
        """The first parent whose edge the widget reaches past, if any. Within a scroll area
        what is below is scrolled to, not cut (the sideways case is looked at for the area)."""
        rect = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
        parent = widget.parentWidget()
        while parent is not None and parent is not window:
            box = QRect(parent.mapTo(window, QPoint(0, 0)), parent.size()).adjusted(-1, -1, 1, 1)
            holder = parent.parentWidget()
            if isinstance(holder, QAbstractScrollArea) and parent is holder.viewport():
                return None
            if not box.contains(rect):
                return parent
            parent = holder
        return None

    def report(self) -> str:
        return f"{len(self.failures)} problem(s):\n" + "\n".join(self.failures)


def widest(window: QWidget) -> list[str]:
    """The chain of widgets down to the one that holds the window wide (its minimum width)."""
    chain, widget = [], window
    while True:
        children = [c for c in widget.findChildren(QWidget, options=_direct())
                    if c.isVisibleTo(window) and c.window() is window]
        if not children:
            return chain
        least = lambda c: max(c.minimumWidth(), c.minimumSizeHint().width())  # noqa: E731
        widget = max(children, key=least)
        if least(widget) < 0.8 * window.width():
            return chain
        text = widget.text()[:40] if isinstance(widget, (QLabel, QAbstractButton)) else ""
        chain.append(f"{type(widget).__name__}#{widget.objectName() or '-'} {least(widget)} px"
                     + (f" {text!r}" if text else ""))


def _direct():
    from PySide6.QtCore import Qt
    return Qt.FindChildOption.FindDirectChildrenOnly


def _horizontal():
    from PySide6.QtCore import Qt
    return Qt.Orientation.Horizontal


# --- going through the window -------------------------------------------------------------

def ruleset_in(code: str):
    return load_ruleset(builtin_rules_dir(), language=code)


def open_window(walk: Walk, ruleset, now, store: Store) -> SpasmWizard:
    w = SpasmWizard(ruleset, clock=fixed_clock(now), zone=now.tzinfo, store=store)
    walk.qtbot.addWidget(w)
    w.show()
    walk.fit(w)
    return w


def forward(walk: Walk, w: SpasmWizard) -> None:
    assert w.button(w.WizardButton.NextButton).isEnabled(), f"Next is off on page {w.currentId()}"
    w.next()
    walk.settle()


def tick(w: SpasmWizard, qid: str, *values) -> None:  # noqa: ANN002
    widget = w.currentPage().widgets[qid]
    for value in values:
        if hasattr(widget, "boxes"):
            (widget.none if value is None else widget.boxes[value]).click()
        elif hasattr(widget, "spin"):
            widget.spin.setValue(value)
        elif hasattr(widget, "values"):
            widget.group.button(widget.values.index(value)).click()
        else:  # a scale, or the quick choices of when it started (their index)
            widget.group.button(value).click()


def open_every_why(w: SpasmWizard) -> None:
    view = w.currentPage().view
    for button in [view.banner_why, *(card.why_button for card in view.cards)]:
        if button.isVisibleTo(w):
            button.setChecked(True)


def look_history(walk: Walk, w: SpasmWizard, where: str, chosen: list, nowhere: str) -> None:
    from wizard.gui.history_view import HistoryView
    view = HistoryView(w)
    walk.qtbot.addWidget(view)
    view.show()
    walk.fit(view)
    walk.look(where, view)
    view.export_csv()
    walk.look(f"{where} (exported)", view)
    chosen.append(nowhere)
    view.export_csv()  # not exported: a message
    view.delete_all()  # asks (the answers recorded: No), deletes nothing
    view.close()


def look_boxes(walk: Walk, w: SpasmWizard, asked: list, where: str) -> None:
    """The message boxes asked so far, as Qt shows them (QMessageBox.question's)."""
    for title, text, buttons in asked:
        box = QMessageBox(QMessageBox.Icon.Question, title, text, buttons, w)
        walk.qtbot.addWidget(box)
        box.show()
        walk.look(f"{where}: {title}", box)
        box.close()
    asked.clear()


def look_save_dialog(walk: Walk, w: SpasmWizard) -> None:
    from wizard.i18n import tr
    dialog = QFileDialog(w, tr("Save your plan as a PDF"), str(data_dir()), tr("PDF files (*.pdf)"))
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    walk.qtbot.addWidget(dialog)
    dialog.show()
    walk.look("the save dialog", dialog)
    dialog.close()


def test_every_page_and_dialog_is_translated_and_nothing_is_cut_off(qtbot, language, width,
                                                                       tmp_path, monkeypatch) -> None:
    walk = Walk(qtbot, language, width)
    asked: list[tuple] = []
    said: list[tuple] = []

    def question(parent, title, text, buttons=QMessageBox.StandardButton.Yes, *_):  # noqa: ANN001
        asked.append((title, text, buttons))
        return QMessageBox.StandardButton.No
    monkeypatch.setattr(QMessageBox, "question", question)
    monkeypatch.setattr(QMessageBox, "information", lambda p, t, x, *a: said.append((t, x)))
    monkeypatch.setattr(QMessageBox, "warning", lambda p, t, x, *a: said.append((t, x)))
    monkeypatch.setattr(QMessageBox, "exec", lambda box: pytest.fail(f"dialog: {box.text()}"))
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: False)  # no app opens files
    files = iter(tmp_path / f"file-{n}" for n in range(100))
    nowhere = str(tmp_path / "no-such-folder" / "file")  # a file that cannot be written

    def save_file_name(*_, **__) -> str:  # noqa: ANN002, ANN003
        return chosen.pop(0) if chosen else str(next(files))
    chosen: list[str] = []  # the next answers of the save dialog, before the usual ones
    for module in ("wizard.gui.plan_view", "wizard.gui.files"):
        monkeypatch.setattr(f"{module}.save_file_name", save_file_name)
    ruleset = ruleset_in(language)

    # A first visit: an urgent sign; every question shows.
    w = open_window(walk, ruleset, DAY0, Store(data_dir()))
    walk.look("Welcome", w)
    forward(walk, w)
    tick(w, "red_flags", "leg_weakness")
    walk.look("Warning signs", w)
    forward(walk, w)
    tick(w, "age", 34)
    walk.look("About you", w)
    forward(walk, w)
    tick(w, "sudden_trauma", True)
    tick(w, "trauma_kind", "lifting")
    walk.look("What happened (strain: yes)", w)
    forward(walk, w)
    onset = w.currentPage().widgets["onset"]
    onset.group.button(len(onset.QUICK) - 1).click()
    onset.set_wall(onset._wall(DAY0 + timedelta(days=2)))
    onset._edited()
    walk.look("When (a time in the future)", w)
    tick(w, "onset", 1)  # earlier today
    walk.look("When", w)
    forward(walk, w)
    tick(w, "symptoms", "stiffness", "leg_pain_below_knee")
    tick(w, "pain", 6)
    walk.look("How it feels", w)
    forward(walk, w)
    assert w.currentId() == PageId.REVIEW
    walk.look("Review", w)
    forward(walk, w)
    assert w.currentId() == PageId.PLAN and w.currentPage().plan.triage == "urgent"
    walk.look("Plan: see a doctor today", w)
    view = w.currentPage().view
    open_every_why(w)
    view.calendar.save()
    view.copy()
    walk.look("Plan: see a doctor today (Why?, calendar, copied)", w)
    view.save_pdf()
    view.open_pdf()  # no PDF viewer: a message
    walk.look("Plan: see a doctor today (saved as PDF)", w)
    chosen += [nowhere, nowhere]
    view.save_pdf()  # not saved: a message
    view.calendar.save()  # not saved: a message
    look_save_dialog(walk, w)
    look_history(walk, w, "History (first visit)", chosen, nowhere)
    w.reject()  # asks first (No)
    look_boxes(walk, w, asked, "Asked")
    w.hide()

    # Two hours later: a check-in; the doctor question, the signs told before.
    w = open_window(walk, ruleset, DAY0 + timedelta(hours=2), Store(data_dir()))
    assert w.currentId() == PageId.WELCOME_BACK
    walk.look("Welcome back", w)
    forward(walk, w)
    assert w.currentId() == PageId.DOCTOR
    tick(w, "doctor_seen", False)
    walk.look("Has a doctor checked", w)
    forward(walk, w)
    tick(w, "red_flags", None)
    walk.look("Warning signs (check-in)", w)
    forward(walk, w)
    tick(w, "pain", 4)
    walk.look("How it feels (check-in)", w)
    forward(walk, w)
    assert w.currentId() == PageId.REVIEW
    walk.look("Review (check-in, signs told before)", w)
    forward(walk, w)
    walk.look("Plan: check-in", w)
    card = w.currentPage().view.what_now
    if card.done_button.isVisibleTo(w):
        card.done_button.click()
        walk.look("Plan: check-in (done)", w)
    look_history(walk, w, "History (check-in)", chosen, nowhere)
    look_boxes(walk, w, asked, "Asked")
    w.hide()

    # An hour later: an emergency.
    w = open_window(walk, ruleset, DAY0 + timedelta(hours=3), Store(data_dir()))
    forward(walk, w)
    if w.currentId() == PageId.DOCTOR:
        tick(w, "doctor_seen", False)
        forward(walk, w)
    tick(w, "red_flags", "bladder_bowel")
    forward(walk, w)
    assert w.currentId() == PageId.PLAN and w.currentPage().plan.triage == "emergency"
    open_every_why(w)
    walk.look("Plan: emergency", w)
    w.hide()

    # The next day: my back is better.
    w = open_window(walk, ruleset, DAY0 + timedelta(days=1), Store(data_dir()))
    w.currentPage().group.button(1).click()
    walk.look("Welcome back (better)", w)
    forward(walk, w)
    assert w.currentId() == PageId.CLOSED
    walk.look("Closed", w)
    page = w.currentPage()
    if page.remove_button.isVisibleTo(w):
        page.remove_button.click()
        walk.look("Closed (reminders removed)", w)
    w.hide()

    # A self-care plan, in a history of its own.
    w = open_window(walk, ruleset, DAY0, Store(tmp_path / "another"))
    forward(walk, w)
    tick(w, "red_flags", None)
    forward(walk, w)
    tick(w, "age", 34)
    forward(walk, w)
    tick(w, "sudden_trauma", False)
    forward(walk, w)
    tick(w, "onset", 1)
    forward(walk, w)
    tick(w, "symptoms", "stiffness")
    tick(w, "pain", 6)
    forward(walk, w)
    forward(walk, w)
    assert w.currentId() == PageId.PLAN and w.currentPage().plan.triage == "self_care"
    open_every_why(w)
    walk.look("Plan: self-care", w)
    card = w.currentPage().view.what_now
    if card.done_button.isVisibleTo(w):
        card.done_button.click()
        walk.look("Plan: self-care (done)", w)
    w.hide()

    # The history of a window that has none (its folder could not be used).
    w = SpasmWizard(ruleset, clock=fixed_clock(DAY0), zone=DAY0.tzinfo)
    qtbot.addWidget(w)
    w.show()
    look_history(walk, w, "History (none)", chosen, nowhere)
    w.hide()

    for title, text in said:  # information and warnings: as Qt shows them
        box = QMessageBox(QMessageBox.Icon.Information, title, text)
        qtbot.addWidget(box)
        box.show()
        walk.look(f"Told: {title}", box)
        box.close()

    assert not walk.failures, walk.report()
