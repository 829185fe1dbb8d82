"""The printed plan: read back with pypdf, as a person or a doctor would read it."""

from __future__ import annotations

import os
import re
from datetime import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from conftest import NOW, TESTS
from wizard.cli import main
from wizard.core.answers import validate_answers
from wizard.report.pdf import ExportError, paper_for_locale, suggested_name, write_pdf

# One Qt application for the whole run, whatever the order of the tests: the PDF needs a
# QGuiApplication, and pytest-qt's QApplication cannot be made once another exists.
pytestmark = pytest.mark.usefixtures("qapp")

STRAIN = {"age": 34, "red_flags": [], "sudden_trauma": True, "trauma_kind": "lifting",
          "onset": "2026-11-27T07:30:00+01:00", "symptoms": ["stiffness"], "pain": 6}


def plan_for(engine, ruleset, **changes):
    return engine.evaluate(validate_answers({**STRAIN, **changes}, ruleset, NOW), NOW)


def text_of(path) -> tuple[list[str], str]:
    pages = [page.extract_text() for page in PdfReader(path).pages]
    # pypdf puts a space where a bold run ends: "07:30 :" for "07:30:".
    return pages, re.sub(r" ([:.,])", r"\1", re.sub(r"\s+", " ", " ".join(pages)))


@pytest.fixture(scope="module")
def strain_pdf(tmp_path_factory, engine, ruleset):
    path = tmp_path_factory.mktemp("pdf") / "plan.pdf"
    plan = plan_for(engine, ruleset)
    write_pdf(plan, ruleset, path, page_size=paper_for_locale())
    return plan, path


def test_every_advice_title_is_in_the_pdf(strain_pdf) -> None:
    plan, path = strain_pdf
    _, text = text_of(path)
    for item in plan.items:
        assert item.advice.title in text, item.advice.title
    assert "LOOK AFTER YOURSELF AT HOME" in text


def test_dates_and_times_are_the_persons_local_time(strain_pdf) -> None:
    _, text = text_of(strain_pdf[1])
    assert "Made Friday 27 November 2026 at 10:00" in text
    assert "Cold pack — until Sunday 29 November 2026 at 07:30" in text
    assert "Take it easy for a few days — until Monday 30 November 2026 at 07:30" in text
    assert "Sunday 29 November 2026 at 08:00: open Back Spasm Wizard again" in text


def test_the_schedule_lays_the_dose_over_waking_hours(strain_pdf) -> None:
    _, text = text_of(strain_pdf[1])
    today = "☐ 10:00 ☐ 12:00 ☐ 14:00 ☐ 16:00 ☐ 18:00 ☐ 20:00"
    tomorrow = "☐ 08:00 ☐ 10:00 ☐ 12:00 ☐ 14:00 ☐ 16:00 ☐ 18:00 ☐ 20:00"
    assert today in text and tomorrow in text
    assert "☐ 22:00" not in text, "the waking hours end at 22:00: no session then"
    assert "waking hours, 08:00 to 22:00" in text
    assert "07:30 ☐" not in text, "the cold phase ends before the third morning"


def test_every_page_has_the_footer_and_its_number(strain_pdf) -> None:
    pages, _ = text_of(strain_pdf[1])
    assert 2 <= len(pages) <= 5  # 2.0 added painkillers, the outlook and the second list
    for number, page in enumerate(pages, 1):
        flat = re.sub(r"\s+", " ", page)
        assert f"Page {number} of {len(pages)}" in flat
        assert "does not replace a medical examination" in flat


def test_the_doctor_reads_the_answers_and_the_reasons(strain_pdf) -> None:
    plan, path = strain_pdf
    pages = [re.sub(r"\s+", " ", page) for page in text_of(path)[0]]
    doctor = [n for n, page in enumerate(pages) if "Your answers" in page]
    assert len(doctor) == 1, "the doctor's page starts once, on a page of its own"
    last = " ".join(pages[doctor[0]:])
    assert last.lstrip().startswith("Your answers") and "Why this plan" in last
    assert "Age 34 years" in last and "Pain now 6 out of 10" in last
    assert "phase-cold-after-strain" in last


def test_metadata_and_embedded_fonts(strain_pdf) -> None:
    reader = PdfReader(strain_pdf[1])
    info = reader.metadata
    assert info.title == "Back plan, 27 November 2026"
    assert info.author == "Back Spasm Wizard"
    assert "rules back-spasm 2.0.0" in info.creator
    subject = "Look after yourself at home: a plan for a sudden lower-back spasm"
    assert info.subject == subject
    assert reader.xmp_metadata.dc_description["x-default"] == subject
    assert info["/Keywords"] == reader.xmp_metadata.pdf_keywords
    fonts = [f.get_object() for page in reader.pages
             for f in page["/Resources"]["/Font"].values()]
    assert fonts
    for font in fonts:
        descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor, "fonts are embedded"


def test_the_emergency_plan_is_one_page_without_home_treatment(tmp_path, engine, ruleset) -> None:
    plan = plan_for(engine, ruleset, red_flags=["chest_pain"])
    write_pdf(plan, ruleset, tmp_path / "e.pdf")
    pages, text = text_of(tmp_path / "e.pdf")
    assert len(pages) == 1
    assert "GET HELP NOW" in text
    assert ruleset.advice["call_emergency"].title in text
    assert ruleset.option_text("red_flags", "chest_pain") in text
    for advice in ruleset.advice.values():
        if advice.kind not in ("get_help",):
            assert advice.title not in text, advice.title
    assert "schedule" not in text.lower()


def test_paper_follows_the_locale(tmp_path, engine, ruleset) -> None:
    from PySide6.QtCore import QLocale
    us = paper_for_locale(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    uk = paper_for_locale(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
    write_pdf(plan_for(engine, ruleset), ruleset, tmp_path / "us.pdf", page_size=us)
    write_pdf(plan_for(engine, ruleset), ruleset, tmp_path / "uk.pdf", page_size=uk)
    letter = PdfReader(tmp_path / "us.pdf").pages[0].mediabox
    a4 = PdfReader(tmp_path / "uk.pdf").pages[0].mediabox
    assert (round(letter.width), round(letter.height)) == (612, 792)
    assert (round(a4.width), round(a4.height)) == (595, 842)


def test_waking_hours_can_be_set(tmp_path, engine, ruleset) -> None:
    plan = plan_for(engine, ruleset)
    write_pdf(plan, ruleset, tmp_path / "p.pdf", waking=(time(7, 0), time(23, 0)))
    _, text = text_of(tmp_path / "p.pdf")
    assert "waking hours, 07:00 to 23:00" in text and "☐ 07:00" in text


def test_an_unwritable_path_is_refused_cleanly(tmp_path, engine, ruleset) -> None:
    plan = plan_for(engine, ruleset)
    with pytest.raises(ExportError, match="missing"):
        write_pdf(plan, ruleset, tmp_path / "missing" / "plan.pdf")
    folder = tmp_path / "is-a-folder.pdf"
    folder.mkdir()
    with pytest.raises(ExportError, match=str(folder)):
        write_pdf(plan, ruleset, folder)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["is-a-folder.pdf"], "nothing left behind"


def test_a_failed_export_never_leaves_a_broken_file(tmp_path, engine, ruleset, monkeypatch) -> None:
    from wizard.report import pdf
    target = tmp_path / "plan.pdf"
    target.write_bytes(b"the plan printed yesterday")

    def half_written(plan, ruleset, path, page_size, waking, series=(), changes=()):
        path.write_bytes(b"%PDF-1.4 half")
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(pdf, "_render", half_written)
    with pytest.raises(ExportError, match="No space left on device"):
        write_pdf(plan_for(engine, ruleset), ruleset, target)
    assert target.read_bytes() == b"the plan printed yesterday"
    assert [p.name for p in tmp_path.iterdir()] == ["plan.pdf"]


def test_the_suggested_name_carries_the_date(engine, ruleset) -> None:
    assert suggested_name(plan_for(engine, ruleset)) == "back-plan-2026-11-27.pdf"


def test_cli_writes_the_pdf_and_refuses_a_bad_path(tmp_path, capsys) -> None:
    example = TESTS.parent / "examples" / "lifting-strain.yaml"
    out = tmp_path / "plan.pdf"
    assert main(["plan", "--answers", str(example), "--now", NOW.isoformat(), "--pdf", str(out)]) == 0
    assert PdfReader(out).metadata.title == "Back plan, 27 November 2026"
    bad = tmp_path / "nowhere" / "plan.pdf"
    assert main(["plan", "--answers", str(example), "--now", NOW.isoformat(), "--pdf", str(bad)]) == 1
    err = capsys.readouterr().err
    assert str(bad) in err and "Traceback" not in err
    assert main(["plan", "--answers", str(example), "--pdf", str(out), "--waking", "22-22"]) == 2


def test_pictures_are_vector_drawings_not_bitmaps(strain_pdf) -> None:
    reader = PdfReader(strain_pdf[1])
    for page in reader.pages:
        objects = page["/Resources"].get("/XObject", {})
        images = [name for name, ref in objects.items() if ref.get_object().get("/Subtype") == "/Image"]
        assert images == [], "illustrations, icons and the chart are drawn as vectors"
    assert len(reader.pages[0].get_contents().get_data()) > 10_000, "the drawings are on the page"


def test_no_item_is_cut_by_a_page_break(tmp_path, engine, ruleset) -> None:
    # Both plans that showed a cut before: a first plan (the safety net), and a check-in's
    # plan, whose heat steps push an exercise to the foot of the first page.
    for name, changes in (("strain", {}), ("heat", {"onset": "2026-11-24T07:30:00+01:00",
                                                     "first_pain": 6, "previous_pain": 6,
                                                     "pain": 4})):
        plan = plan_for(engine, ruleset, **changes)
        path = tmp_path / f"{name}.pdf"
        write_pdf(plan, ruleset, path)
        # The plan's own pages: the doctor's part ("Your answers", "Why this plan") repeats texts.
        pages = [re.sub(r"\s+", " ", text).split("Your answers")[0] for text in text_of(path)[0]]
        for item in plan.items:
            start = " ".join(item.advice.text.split()[:3])  # columns interleave longer runs
            (text_page,) = [page for page in pages if start in page]
            assert item.advice.title in text_page, (name, item.id)  # the title is there too


def test_the_text_and_the_pdf_say_the_same_times_in_the_person_s_zone(tmp_path) -> None:
    """`--now` with another offset than the computer's zone: the text plan and the PDF both
    say the times in the computer's zone (they differed by an hour)."""
    import subprocess
    import sys

    from pypdf import PdfReader
    out = tmp_path / "plan.pdf"
    env = {**os.environ, "TZ": "UTC", "QT_QPA_PLATFORM": "offscreen",
           "SPASM_WIZARD_DATA_DIR": str(tmp_path / "data")}
    done = subprocess.run([sys.executable, "-m", "wizard", "plan", "--answers",
                           str(TESTS.parent / "examples" / "lifting-strain.yaml"),
                           "--now", "2026-11-27T10:00:00+01:00", "--pdf", str(out)],
                          env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    pdf = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(out).pages)
    assert "Made Friday 27 November 2026 at 09:00" in done.stdout
    assert "Made Friday 27 November 2026 at 09:00" in pdf
    assert "until Sunday 29 November at 06:30" in done.stdout
    assert "until Sunday 29 November 2026 at 06:30" in pdf


@settings(max_examples=500, deadline=None)
@given(st.text())
def test_the_report_escapes_text_as_the_standard_library_does(text: str) -> None:
    """The report's own escape (wizard/report/html.py) stands in for html.escape."""
    import html

    from wizard.report.html import escape
    assert escape(text) == html.escape(text)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",))))
def test_pdf_text_strings_are_utf16_with_a_byte_order_mark(text: str) -> None:
    """The subject and keywords as the PDF holds them: UTF-16BE in hexadecimal, written
    without the codec (emoji and other characters beyond 16 bits as surrogate pairs)."""
    from wizard.report.pdf import _pdf_text
    assert _pdf_text(text) == b"<FEFF" + text.encode("utf-16-be").hex().upper().encode() + b">"
