"""Languages (issue 13): the catalogue, the choice of language, the rule set's overlays and
`check-rules`' report on them. What a German speaker reads is tested in test_german.py."""

from __future__ import annotations

import shutil
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from wizard import i18n, words
from wizard.core import rulelocale
from wizard.core.ruleset import load_ruleset
from wizard.i18ntools import compile_mo, extract, problems, read_po
from wizard.paths import builtin_rules_dir

ROOT = Path(__file__).resolve().parents[1]
ANSWERS = ROOT / "examples" / "lifting-strain.yaml"
NOW = "2026-11-27T10:00:00+01:00"


@pytest.fixture
def german():
    i18n.set_language("de")
    yield
    i18n.set_language("en")


def spasm(*args: str, env: dict | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    import os
    base = {k: v for k, v in os.environ.items()
            if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")}
    return subprocess.run([sys.executable, "-m", "wizard", *args], capture_output=True,
                          text=True, env={**base, **(env or {})}, cwd=cwd, timeout=120)


# --- the catalogue -------------------------------------------------------------------------


def test_the_catalogues_are_complete_and_compiled() -> None:
    """Every text the code marks is in each language's .po, translated, with the same
    placeholders, and the committed .mo is that .po compiled (python -m wizard.i18n
    extract, then compile, when this fails)."""
    for language in i18n.LANGUAGES:
        if language != "en":
            assert problems(language) == [], "\n".join(problems(language)[:20])


def test_compiling_is_byte_for_byte_the_same_each_time() -> None:
    entries = read_po(i18n.catalogue_file("de", ".po"))
    assert compile_mo(entries, "de") == compile_mo(list(entries), "de")
    assert len(entries) > 200


def test_the_extractor_finds_whole_sentences_with_named_placeholders() -> None:
    found = {e.msgid: e for e in extract()}
    assert "Your pain is {pain} out of 10, down from {before} last time." in found
    assert found["{n} minute"].plural == "{n} minutes"
    for entry in found.values():  # no positional or empty placeholders: a translator must see names
        assert "{}" not in entry.msgid and "{0}" not in entry.msgid, entry.msgid


def test_german_dates_plurals_and_sentences(german) -> None:
    moment = datetime(2026, 11, 29, 7, 30, tzinfo=timezone(timedelta(hours=1)))
    assert words.when(moment) == "Sonntag, 29. November 2026 um 07:30"
    assert words.duration(timedelta(days=1, hours=4)) == "1 Tag und 4 Stunden"
    assert words.duration(timedelta(minutes=1)) == "1 Minute"
    assert words.short_when(moment, moment - timedelta(hours=2)) == "heute um 07:30"
    assert words.out_of(6, 10) == "6 von 10"


def test_english_is_unchanged_without_a_catalogue() -> None:
    moment = datetime(2026, 11, 29, 7, 30, tzinfo=timezone.utc)
    assert words.when(moment) == "Sunday 29 November 2026 at 07:30"
    assert words.duration(timedelta(days=8)) == "1 week and 1 day"


def test_the_pseudo_language_lengthens_and_marks_but_keeps_placeholders() -> None:
    for text in ("Next", "Your pain is {pain} out of 10.", "{n} minutes", "Up to {minutes}."):
        out = i18n.pseudo(text)
        assert out.startswith("[") and out.endswith("]")
        assert len(out) >= 1.4 * len(text)
        assert rulelocale.names(out) == rulelocale.names(text)
        out.format(pain=3, n=2, minutes="5")  # still fills in


# --- choosing the language ------------------------------------------------------------------


@pytest.mark.parametrize(("env", "want"), [
    ({"LANG": "de_DE.UTF-8"}, "de"),
    ({"LANG": "en_GB.UTF-8", "LC_MESSAGES": "de_AT.UTF-8"}, "de"),
    ({"LANG": "de_DE.UTF-8", "LC_ALL": "C"}, "en"),
    ({"LANGUAGE": "fr:de:en", "LANG": "fr_FR.UTF-8"}, "de"),   # the first one we have
    ({"LANGUAGE": "", "LANG": "de_CH"}, "de"),
    ({}, ""),
])
def test_the_system_language_follows_gettexts_order(env: dict, want: str) -> None:
    assert i18n.system_language(env) == want


def test_an_unknown_language_falls_back_to_english_and_says_so() -> None:
    assert i18n.resolve("fr_FR.UTF-8") == ("en", "The language 'fr_FR.UTF-8' is not available; "
                                                 "using English. Available: en, de.")
    assert i18n.resolve("de-AT") == ("de", None)
    assert i18n.resolve("en-XA") == ("en-XA", None)
    assert i18n.resolve(None) == ("en", None)


def test_lang_before_or_after_the_command_and_from_the_system() -> None:
    before = spasm("--lang", "de", "plan", "--answers", str(ANSWERS), "--now", NOW)
    after = spasm("plan", "--answers", str(ANSWERS), "--now", NOW, "--lang=de")
    system = spasm("plan", "--answers", str(ANSWERS), "--now", NOW, env={"LANG": "de_DE.UTF-8"})
    assert before.returncode == after.returncode == system.returncode == 0, before.stderr
    assert before.stdout == after.stdout == system.stdout
    assert before.stdout.startswith("IHR RÜCKEN-PLAN\n")
    english = spasm("--lang", "en", "plan", "--answers", str(ANSWERS), "--now", NOW,
                    env={"LANG": "de_DE.UTF-8"})
    assert english.stdout.startswith("YOUR BACK PLAN\n"), "--lang overrides the system"


def test_an_unknown_lang_is_english_with_one_line_on_stderr() -> None:
    done = spasm("--lang", "xx", "plan", "--answers", str(ANSWERS), "--now", NOW)
    assert done.returncode == 0
    assert done.stdout.startswith("YOUR BACK PLAN\n")
    assert done.stderr.count("not available") == 1, done.stderr


def test_lang_without_a_code_is_a_usage_error() -> None:
    done = spasm("plan", "--answers", str(ANSWERS), "--lang")
    assert done.returncode == 2
    assert "--lang" in done.stderr and "a language code" in done.stderr


# --- the rule set's overlays -----------------------------------------------------------------


@pytest.fixture
def rules_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "rules"
    shutil.copytree(builtin_rules_dir(), copy, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    return copy


def test_the_german_rule_set_has_every_text_in_german() -> None:
    english = load_ruleset(builtin_rules_dir())
    german = load_ruleset(builtin_rules_dir(), language="de")
    assert german.language == "de" and "de" in german.info.languages
    for qid, q in german.questions.items():
        assert q.text != english.questions[qid].text, qid
    for aid, a in german.advice.items():
        assert a.text != english.advice[aid].text, aid
    assert "112" in german.advice["call_emergency"].text
    assert "116 117" in german.advice["see_doctor_today"].text
    assert "1450" in german.advice["see_doctor_today"].text


def test_check_rules_reports_the_german_translation_complete() -> None:
    done = spasm("check-rules")
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Translations (de, declared): " in done.stdout
    line = next(l for l in done.stdout.splitlines() if l.startswith("Translations (de"))
    got, total = line.split(": ")[1].split(" texts")[0].split(" of ")
    assert got == total, line
    assert "Readability (de, Wiener Sachtextformel)" in done.stdout


def _edit(path: Path, old: str, new: str) -> int:
    text = path.read_text(encoding="utf-8")
    assert old in text
    line = text[:text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return line


def test_a_changed_english_text_makes_its_translation_stale(rules_copy: Path) -> None:
    """The clinician changes an English text: the German made from the old one is stale.
    The app shows the new English (never a translation of words the rules no longer say),
    and check-rules fails, naming the file, the line and the key."""
    _edit(rules_copy / "advice.yaml", "Do not treat this at home.",
          "Do not treat this at home, not even for an hour.")
    german = load_ruleset(rules_copy, language="de")
    assert german.advice["call_emergency"].text.endswith("not even for an hour.")
    done = spasm("check-rules", str(rules_copy))
    assert done.returncode == 3
    assert "advice.call_emergency.text: the English has changed since" in done.stderr
    assert "locale/de/advice.yaml:" in done.stderr


def test_a_missing_translation_and_a_wrong_placeholder_are_reported(rules_copy: Path) -> None:
    overlay = rules_copy / "locale" / "de" / "calendar.yaml"
    text = overlay.read_text(encoding="utf-8")
    start = text.index("sessions.cold_therapy.title:")
    block = text[start:text.index("\n", text.index("  de:", start)) + 1]
    de_line = block.splitlines()[-1]
    overlay.write_text(text.replace(block, block.replace(de_line, '  de: "Kältepack: {minuten} Minuten"')),
                       encoding="utf-8")
    questions = rules_copy / "locale" / "de" / "questions.yaml"
    text = questions.read_text(encoding="utf-8")
    start = text.index("questions.age.unit:")
    end = text.index("\n", text.index("  de:", start)) + 1
    questions.write_text(text[:start] + text[end:], encoding="utf-8")
    done = spasm("check-rules", str(rules_copy))
    assert done.returncode == 3
    assert "sessions.cold_therapy.title: the placeholders differ: ['minuten']" in done.stderr
    assert "questions.age.unit: no de text yet for: years" in done.stderr
    german = load_ruleset(rules_copy, language="de")
    assert german.questions["age"].unit == "years", "a missing text is the English"


def test_update_translations_keeps_what_is_current_and_empties_what_changed(rules_copy: Path) -> None:
    _edit(rules_copy / "advice.yaml", "Do not treat this at home.", "Do not wait.")
    done = spasm("check-rules", str(rules_copy), "--update-translations", "de")
    assert done.returncode == 0, done.stderr
    text = (rules_copy / "locale" / "de" / "advice.yaml").read_text(encoding="utf-8")
    lines = text[text.index("advice.call_emergency.text:"):].splitlines()
    body = [line for line in lines[1:]]
    end = next(i for i, line in enumerate(body) if not line.startswith("  "))
    block = "\n".join(lines[:1] + body[:end])
    assert "# was: " in block and '  de: ""' in block
    again = load_ruleset(rules_copy, language="de")
    assert again.advice["call_emergency"].title == load_ruleset(
        builtin_rules_dir(), language="de").advice["call_emergency"].title, "the rest is kept"


def test_the_app_reads_each_catalogue_as_gettext_does() -> None:
    """The app reads the .mo itself (struct, and the plural rule as code: gettext's reader
    costs 4 ms a start); the standard library's reader is the reference, every text and
    every plural form."""
    import gettext

    from wizard.i18ntools import PLURALS
    for language in i18n.LANGUAGES:
        if language == "en":
            continue
        i18n.set_language(language)
        try:
            ours = i18n._catalogue
            with open(i18n.catalogue_file(language), "rb") as fp:
                reference = gettext.GNUTranslations(fp)
            rule = gettext.c2py(PLURALS[language].split("plural=")[1].rstrip(";"))
            assert all(i18n.PLURAL_RULES[language](n) == rule(n) for n in range(300))
            for e in read_po(i18n.catalogue_file(language, ".po")):
                for n in (0, 1, 2, 5, 21):
                    if e.plural is not None:
                        assert (ours.npgettext(e.context, e.msgid, e.plural, n) if e.context else
                                ours.ngettext(e.msgid, e.plural, n)) == (
                            reference.npgettext(e.context, e.msgid, e.plural, n) if e.context else
                            reference.ngettext(e.msgid, e.plural, n))
                assert (ours.pgettext(e.context, e.msgid) if e.context else ours.gettext(e.msgid)) \
                    == (reference.pgettext(e.context, e.msgid) if e.context else reference.gettext(e.msgid))
        finally:
            i18n.set_language("en")


def test_a_damaged_catalogue_means_english_not_a_crash(tmp_path: Path, monkeypatch) -> None:
    broken = tmp_path / "de" / "LC_MESSAGES"
    broken.mkdir(parents=True)
    (broken / f"{i18n.DOMAIN}.mo").write_bytes(b"\xde\x12\x04\x95" + b"\xff" * 10)
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    try:
        assert i18n.set_language("de") == "en"
        assert i18n.tr("Why this plan") == "Why this plan"
    finally:
        i18n.set_language("en")


def test_every_text_of_the_app_reads_at_grade_10_or_below() -> None:
    """The app's own texts keep the limit the rule set's do, in English and in each
    translation (the translations' check is part of problems(), above)."""
    from wizard.i18ntools import NOT_PROSE, too_hard
    assert too_hard([e.msgid for e in extract() if e.context not in NOT_PROSE], "en") == []
    assert too_hard(["Die Wahrscheinlichkeitsberechnungsgrundlagen Ihrer Rückenbeschwerdensymptomatik "
                     "erfordern eine interdisziplinäre Untersuchungsmaßnahmenkoordination."], "de")


def test_a_strange_language_value_is_said_once_and_short() -> None:
    """A code that is no language at all is English with a notice (never silently); a huge
    one is named by its start, not echoed whole."""
    assert i18n.resolve("../../etc")[1] is not None
    code, notice = i18n.resolve("a" * 100_000)
    assert code == "en" and len(notice) < 200 and "'aaaa" in notice
    assert i18n.resolve("") == ("en", None)
