"""The printed plan's pages (issue 9): page 1 for the fridge, whole table rows under a
repeated header, no half-empty page, metadata right for each triage, the check-in's news;
and an advice kind that Python has never heard of, laid out from advice.yaml alone."""

from __future__ import annotations

import re
import shutil
import unicodedata

import pytest
from pypdf import PdfReader

from PySide6.QtGui import QPageSize

from conftest import NOW, TESTS
from test_pdf import STRAIN, plan_for, text_of
from wizard.core.ruleset import load_ruleset
from wizard.paths import builtin_rules_dir
from wizard.report.pdf import (build_document, grid_tables, paginate, paper_for_locale,
                               row_edges, row_span, write_pdf)

pytestmark = pytest.mark.usefixtures("qapp")

A4 = (180.0, 267.0)  # the page body in mm (A4 less the margins)
LETTER = (185.9, 249.4)  # and of US Letter
SIZES = {"A4": QPageSize.PageSizeId.A4, "Letter": QPageSize.PageSizeId.Letter}


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text))


PLANS = {"self_care": {}, "gp": {"symptoms": ["leg_pain_below_knee"]},
         "urgent": {"red_flags": ["fever"]},
         "heat": {"onset": "2026-11-24T07:30:00+01:00", "first_pain": 6, "previous_pain": 6,
                  "pain": 4}}


@pytest.mark.parametrize("size", ["A4", "Letter"])
@pytest.mark.parametrize("name", PLANS)
def test_page_one_carries_the_banner_right_now_and_the_get_help_lists(tmp_path, engine, ruleset,
                                                                       name, size) -> None:
    plan = plan_for(engine, ruleset, **PLANS[name])
    write_pdf(plan, ruleset, tmp_path / "p.pdf", page_size=QPageSize(SIZES[size]))
    pages, _ = text_of(tmp_path / "p.pdf")
    first = flat(pages[0])
    assert ruleset.label("triage", plan.triage).title.upper() in first
    # Right now, unless when to get help would not be whole on page 1 with it: then the
    # warning signs come first (a plan with get help: see a doctor today, on Letter), and
    # right now opens page 2.
    lifted = "Right now" not in first
    assert not lifted or (plan.triage != "self_care"
                          and flat(pages[1]).startswith("Right now")), first
    first_kinds = {k.id for k in ruleset.kinds if k.page == "first"}
    assert {"get_help", "safety_net"} <= first_kinds
    for item in plan.items:
        if item.advice.kind in first_kinds:
            page = flat(pages[1]) if lifted and item.advice.kind == "therapy" else first
            assert item.advice.title in page, item.id


def _page_of(pages, y: float) -> int:
    return next(n for n, page in enumerate(pages) if page.top <= y < page.bottom)


@pytest.mark.parametrize("name", PLANS)
def test_no_table_row_is_cut_and_the_header_comes_again(engine, ruleset, name) -> None:
    plan = plan_for(engine, ruleset, **PLANS[name])
    doc, body, _ = build_document(plan, ruleset, *A4)
    layout, height = doc.documentLayout(), body.height()
    pages = paginate(doc, height)
    room = height - 2 * doc.documentMargin()
    for page in pages:  # each page's part, under the header it repeats, fits its page
        assert page.bottom - page.top + (page.head[1] - page.head[0] if page.head else 0) \
            <= room + 0.01, (name, page)
    for table in grid_tables(doc):
        head = table.format().headerRowCount()
        for row in range(head, table.rows()):
            top, bottom = row_span(table, row, layout)
            assert _page_of(pages, top) == _page_of(pages, bottom - 1), (name, row)
        if head:  # on every page it goes on to, the table's header rows come again
            edges = row_edges(table, layout)
            first = _page_of(pages, row_span(table, head, layout)[0])
            last = _page_of(pages, row_span(table, table.rows() - 1, layout)[1] - 1)
            for page in pages[first + 1:last + 1]:
                assert page.head == (edges[0], edges[head]), (name, page)
    whys = [t for t in grid_tables(doc) if t.format().headerRowCount()
            and "Part" in t.cellAt(0, 0).firstCursorPosition().block().text()]
    assert whys, "the reasons' table has a header row"


@pytest.mark.parametrize("name", PLANS)
def test_no_page_is_less_than_half_full_but_before_the_doctors_page(tmp_path, engine, ruleset,
                                                                     name) -> None:
    plan = plan_for(engine, ruleset, **PLANS[name])
    doc, body, _ = build_document(plan, ruleset, *A4)
    height, layout = body.height(), doc.documentLayout()
    pages = paginate(doc, height)
    bottoms: dict[int, float] = {}
    doctor = None
    block = doc.begin()
    while block.isValid():
        rect = layout.blockBoundingRect(block)
        if block.text().strip():
            n = _page_of(pages, rect.top())
            page = pages[n]
            above = page.head[1] - page.head[0] if page.head else 0
            bottoms[n] = max(bottoms.get(n, 0), rect.bottom() - page.top + above)
            if doctor is None and block.text() == "Your answers":
                doctor = n
        block = block.next()
    assert doctor is not None
    for n in range(len(pages) - 1):
        if n + 1 == doctor:
            continue  # the doctor's page must start a new page
        assert bottoms.get(n, 0) >= height / 2, (name, n, bottoms)


@pytest.mark.parametrize("name, flags", [("emergency", ["chest_pain"]), ("urgent", ["fever"]),
                                         ("self_care", [])])
def test_title_subject_and_keywords_are_right_in_both_places(tmp_path, engine, ruleset, name,
                                                             flags) -> None:
    plan = plan_for(engine, ruleset, red_flags=flags)
    assert plan.triage == name
    write_pdf(plan, ruleset, tmp_path / "p.pdf")
    reader = PdfReader(tmp_path / "p.pdf")
    info, xmp = reader.metadata, reader.xmp_metadata
    label = ruleset.label("triage", name).title
    assert info.title == xmp.dc_title["x-default"] == "Back plan, 27 November 2026"
    assert info.subject == xmp.dc_description["x-default"]
    assert info.subject.startswith(label) and ("self-care" not in info.subject or name == "self_care")
    assert info["/Keywords"] == xmp.pdf_keywords and label in info["/Keywords"]


def test_a_check_in_pdf_says_what_changed_and_one_check_in_has_no_chart(tmp_path, capsys) -> None:
    from wizard.cli import main
    first = tmp_path / "first.yaml"
    first.write_text("age: 34\nred_flags: []\nsudden_trauma: true\ntrauma_kind: lifting\n"
                     "onset: 2026-11-27T07:30:00+01:00\nsymptoms: []\npain: 7\n")
    one = tmp_path / "one.pdf"
    assert main(["checkin", "--answers", str(first), "--now", "2026-11-27T10:00:00+01:00",
                 "--pdf", str(one)]) == 0
    assert "Your pain over the days" not in flat(text_of(one)[1]), "a chart waits for two points"
    later = tmp_path / "later.yaml"
    later.write_text("age: 34\nred_flags: []\nsymptoms: []\npain: 4\n")
    two = tmp_path / "two.pdf"
    assert main(["checkin", "--answers", str(later), "--now", "2026-11-30T10:00:00+01:00",
                 "--pdf", str(two)]) == 0
    text = flat(" ".join(text_of(two)[0]))
    assert "Since last time" in text and "down from 7 last time" in text
    assert "Your pain over the days" in text


# --- An advice kind the code has never heard of -------------------------------------------

@pytest.fixture
def new_kind(tmp_path):
    """The built-in rules, copied, with a new kind laid out on page one in bold, and an item
    of it that every plan holds (the rule that adds relaxation adds it too)."""
    rules = tmp_path / "rules"
    shutil.copytree(builtin_rules_dir(), rules)
    advice = rules / "advice.yaml"
    text = advice.read_text(encoding="utf-8")
    text = text.replace("kinds:\n", "kinds:\n  - {id: pharmacy, title: Ask a pharmacist, "
                                    "page: first, emphasis: bold}\n", 1)
    text = text.replace("advice:\n", "advice:\n  - id: ask_pharmacist\n    kind: pharmacy\n"
                                     "    title: A pharmacist can help\n"
                                     "    text: Ask a pharmacist which painkiller suits you.\n"
                                     "    source: nhs-back-pain\n\n", 1)
    advice.write_text(text, encoding="utf-8")
    table = rules / "rules.yaml"
    rules_text = table.read_text(encoding="utf-8")
    assert "relaxation" in rules_text
    table.write_text(re.sub(r"(then: \[[^\]]*)relaxation", r"\1relaxation, ask_pharmacist",
                            rules_text, count=1), encoding="utf-8")
    return load_ruleset(rules)


def test_an_item_of_a_new_kind_goes_through_the_window_the_text_and_the_pdf(qtbot, tmp_path,
                                                                             new_kind) -> None:
    from wizard.core.answers import validate_answers
    from wizard.core.engine import Engine
    from wizard.gui.plan_view import PlanView
    from wizard.words import plan_text
    plan = Engine(new_kind).evaluate(validate_answers(STRAIN, new_kind, NOW), NOW)
    assert "ask_pharmacist" in [i.id for i in plan.items]
    # The text plan: under the kind's title, in the bold layout.
    text = plan_text(plan, new_kind)
    assert "!!! ASK A PHARMACIST !!!" in text and "A PHARMACIST CAN HELP" in text
    # The window: a card under the kind's title, bold.
    view = PlanView(new_kind)
    qtbot.addWidget(view)
    view.show_plan(plan)
    titles = [c.title.text() for c in view.cards]
    assert "A pharmacist can help" in titles
    card = view.cards[titles.index("A pharmacist can help")]
    assert card.objectName() == "strongcard"
    # The PDF: on page one.
    write_pdf(plan, new_kind, tmp_path / "p.pdf", page_size=paper_for_locale())
    pages, _ = text_of(tmp_path / "p.pdf")
    assert "Ask a pharmacist" in flat(pages[0]) and "A pharmacist can help" in flat(pages[0])


def test_a_kind_with_an_unknown_layout_is_refused_when_the_rules_load(tmp_path) -> None:
    from wizard.core.errors import RuleSetError
    rules = tmp_path / "rules"
    shutil.copytree(builtin_rules_dir(), rules)
    advice = rules / "advice.yaml"
    advice.write_text(advice.read_text(encoding="utf-8").replace(
        "{id: do, title: Do}", "{id: do, title: Do, width: third}"), encoding="utf-8")
    with pytest.raises(RuleSetError, match=r"advice.yaml:\d+"):
        load_ruleset(rules)


# --- Warning signs whole on a page, in every language (issue 13) --------------------------

EXAMPLE = TESTS.parent / "examples" / "lifting-strain.yaml"
SIGNS = {"self_care": {}, "urgent": {"red_flags": ["fever"]},
         "emergency": {"red_flags": ["saddle_numbness"]}}


@pytest.fixture
def in_language(request):
    """The app and its rules in a language, English again afterwards."""
    from wizard import i18n
    i18n.set_language(request.param)
    try:
        yield load_ruleset(builtin_rules_dir(), language=request.param)
    finally:
        i18n.set_language("en")


def squashed(text: str) -> str:
    """Text without its white space: where a line wraps, pypdf's words stay one string."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def split_signs(pdf, plan, ruleset) -> list[str]:  # noqa: ANN001
    """Each text of the page-one kinds (get help, right now, when to get help: its warning
    signs in columns) that no page holds whole."""
    pages = [squashed(page.extract_text()) for page in PdfReader(pdf).pages]
    first = {k.id for k in ruleset.kinds if k.page == "first"}
    assert any(k.page == "first" and k.columns == 2 for k in ruleset.kinds)
    texts = [text for item in plan.items if item.advice.kind in first
             for text in (item.advice.title, item.advice.text, *item.advice.steps) if text]
    assert texts
    return [text for text in texts if not any(squashed(text) in page for page in pages)]


def cut_lines(doc, pages) -> list:  # noqa: ANN001
    """Lines of text that a page's part, or a column's part, cuts at its top or bottom."""
    layout, width = doc.documentLayout(), doc.size().width()
    lines = []
    block = doc.begin()
    while block.isValid():
        rect = layout.blockBoundingRect(block)
        text = block.layout()
        base = rect.top() - text.boundingRect().top()
        if block.text().strip():
            lines += [(rect.left(), rect.right(), base + text.lineAt(n).y(),
                       base + text.lineAt(n).y() + text.lineAt(n).height(), block.text()[:30])
                      for n in range(text.lineCount())]
        block = block.next()
    parts = [(0.0, width, page.top, page.bottom) for page in pages]
    parts += [piece[:4] for page in pages for piece in getattr(page, "pieces", ())]
    return [(line, part) for part in parts for line in lines
            if line[0] < part[1] and line[1] > part[0] and part[3] - part[2] > 0.05
            and line[2] < part[3] - 0.5 and line[3] > part[2] + 0.5
            and not (part[2] - 0.5 <= line[2] and line[3] <= part[3] + 0.5)]


def test_the_german_example_keeps_every_warning_sign_whole_on_page_one(tmp_path, capsys,
                                                                        ruleset) -> None:
    """The bug: page 1 ended within a sign of the right-hand column ("Der Schmerz geht nach
    oben, bis"), page 2 went on, without a heading, with the rest of it."""
    from wizard import i18n
    from wizard.cli import main
    from wizard.core.answers import validate_answers
    from wizard.core.engine import Engine
    pdf = tmp_path / "p.pdf"
    try:
        assert main(["--lang", "de", "plan", "--answers", str(EXAMPLE), "--now",
                     "2026-11-27T10:00:00+01:00", "--pdf", str(pdf)]) == 0
        german = load_ruleset(builtin_rules_dir(), language="de")
        answers = {**STRAIN, "symptoms": ["stiffness", "tightness"]}  # the example's answers
        plan = Engine(german).evaluate(validate_answers(answers, german, NOW), NOW)
        assert split_signs(pdf, plan, german) == []
        pages = [flat(page.extract_text()) for page in PdfReader(pdf).pages]
        signs = [s for i in plan.items if i.advice.kind == "safety_net" for s in i.advice.steps]
        # The columns that go on to page 2 say what they belong to, in German.
        going_on = [s for s in signs if flat(s) not in pages[0]]
        for sign in going_on:
            assert flat(sign) in pages[1]
        if going_on:
            assert pages[1].startswith("Wann Sie Hilfe holen sollten (Fortsetzung)")
            assert pages[1].index("Heute ärztliche Hilfe holen") < pages[1].index(
                flat(going_on[0]))
        # Page 1 for the fridge: the banner, right now and the call-at-once list, whole.
        assert "SICH ZU HAUSE SELBST HELFEN" in pages[0] and "Kühlpack" in pages[0]
        assert all(flat(s) in pages[0] for s in german.advice["safety_net"].steps)
    finally:
        i18n.set_language("en")
    capsys.readouterr()


@pytest.mark.parametrize("in_language", ["en", "de", "en-XA"], indirect=True)
@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("name", SIGNS)
def test_every_warning_sign_is_whole_on_one_page_in_every_language(tmp_path, in_language,
                                                                   name, size) -> None:
    from wizard.core.answers import validate_answers
    from wizard.core.engine import Engine
    rules = in_language
    plan = Engine(rules).evaluate(validate_answers({**STRAIN, **SIGNS[name]}, rules, NOW), NOW)
    assert plan.triage == name
    write_pdf(plan, rules, tmp_path / "p.pdf", page_size=QPageSize(SIZES[size]))
    assert split_signs(tmp_path / "p.pdf", plan, rules) == []
    # No line is cut in half at a page's bottom or top, in a column or across the page.
    width, height = (QPageSize(SIZES[size]).size(QPageSize.Unit.Millimeter).width() - 30,
                     QPageSize(SIZES[size]).size(QPageSize.Unit.Millimeter).height() - 30)
    doc, body, _ = build_document(plan, rules, width, height)
    pages = paginate(doc, body.height())
    assert cut_lines(doc, pages) == []
    room = body.height() - 2 * doc.documentMargin()
    for page in pages:  # each page's parts fit its page
        bottom = max([getattr(page, "at", 0.0) + page.bottom - page.top]
                     + [piece.y + piece.bottom - piece.top
                        for piece in getattr(page, "pieces", ())])
        assert bottom <= room + 0.01, page


def _page_of(pages, y: float) -> int:
    return next(n for n, page in enumerate(pages) if page.top <= y + 0.5 < page.bottom)


@pytest.mark.parametrize("paper", ["A4", "Letter"])
@pytest.mark.parametrize("hours", [0, 3, 20, 30, 50, 70, 100])
def test_the_schedules_heading_stays_with_its_table(engine, ruleset, paper, hours) -> None:
    """'Your schedule' and the line under it ended page 1 and the whole table was on page 2
    (a new user's pass): the heading goes with the table's header and first row."""
    from datetime import timedelta

    from wizard.core.answers import validate_answers
    now = NOW + timedelta(hours=hours)
    plan = engine.evaluate(validate_answers({**STRAIN, "pain": 7}, ruleset, now), now)
    size = A4 if paper == "A4" else LETTER
    doc, body, _ = build_document(plan, ruleset, *size)
    pages = paginate(doc, body.height())
    layout = doc.documentLayout()
    block = doc.begin()
    while block.isValid() and not (block.blockFormat().headingLevel() and block.text() == "Your schedule"):
        block = block.next()
    if not block.isValid():
        pytest.skip("no schedule in this plan")
    heading = layout.blockBoundingRect(block).top()
    table = next(t for t in grid_tables(doc) if t.firstPosition() > block.position())
    first_row = table.cellAt(min(1, table.rows() - 1), 0).firstCursorPosition().block()
    row = layout.blockBoundingRect(first_row).top()
    assert _page_of(pages, heading) == _page_of(pages, row)
