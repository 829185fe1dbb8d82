"""The calendar file of reminders (issue 12): parsed back with icalendar and checked event by
event against the plan; updates that cancel what the new plan dropped; the emergency file
that only cancels; `close --ics`; and libical's own validation where it is installed."""

from __future__ import annotations

import ctypes
import ctypes.util
import json
from datetime import datetime, time, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest

from conftest import TESTS
from wizard.cli import main
from wizard.core.reminders import in_waking, reminders

EXAMPLE = TESTS.parent / "examples" / "lifting-strain.yaml"
NOW = "2026-11-27T10:00:00+01:00"
BERLIN = ZoneInfo("Europe/Berlin")
ANSWERS = {"age": 34, "red_flags": [], "sudden_trauma": True, "trauma_kind": "lifting",
           "onset": "2026-11-27T07:30:00+01:00", "symptoms": ["stiffness", "tightness"],
           "pain": 6}


def events(path: Path) -> list[icalendar.Event]:
    cal = icalendar.Calendar.from_ical(path.read_bytes())
    return list(cal.walk("VEVENT"))


def start(event: icalendar.Event) -> datetime:
    return event.decoded("dtstart")


def alarm_at(event: icalendar.Event) -> datetime | None:
    alarms = event.walk("VALARM")
    if not alarms:
        return None
    trigger = alarms[0]["TRIGGER"]
    assert trigger.params.get("VALUE") in (None, "DURATION"), "relative alarms only"
    return start(event) + alarms[0].decoded("trigger")


def answers_file(tmp_path: Path, name: str, **changes) -> str:  # noqa: ANN003
    import yaml
    path = tmp_path / name
    path.write_text(yaml.safe_dump({**ANSWERS, **changes}))
    return str(path)


def plan_of(engine, now: str = NOW, zone=BERLIN, **changes):  # noqa: ANN001, ANN003, ANN201
    from wizard.core.answers import validate_answers
    moment = datetime.fromisoformat(now)
    answers = validate_answers({**ANSWERS, **changes}, engine.ruleset, moment)
    return engine.evaluate(answers, moment, zone=zone, waking=(time(8), time(22)))


def test_plan_ics_holds_every_reminder_of_the_plan(tmp_path, engine, capsys) -> None:
    out = tmp_path / "plan.ics"
    assert main(["plan", "--answers", str(EXAMPLE), "--now", NOW, "--waking", "08:00-22:00",
                 "--ics", str(out)]) == 0
    found = events(out)
    plan = plan_of(engine)
    expected = reminders(plan, engine.ruleset)
    assert len(found) == len(expected) > 20
    now = datetime.fromisoformat(NOW)
    titles = [str(e["SUMMARY"]) for e in found]
    assert titles.count("Cold pack: 15 minutes") == sum(1 for r in expected if r.kind == "session")
    assert "The cold phase is over: check in to update your plan" in titles
    assert "Your rest period ends: get back to normal activities bit by bit" in titles
    assert any(t.startswith("Back exercises: Knee lifts") for t in titles)
    for event in found:
        assert start(event) >= now, "no reminder in the past"
        assert str(event["UID"]).endswith("@back-spasm-wizard")
        assert "DTSTAMP" in event and "DESCRIPTION" in event
        assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
        alarm = alarm_at(event)
        if alarm is not None:
            assert in_waking(plan, alarm), f"alarm outside waking hours: {event['SUMMARY']}"
    # Cold sessions end with the cold phase; none at bedtime (22:00), and every one rings.
    cold = [start(e) for e in found if str(e["SUMMARY"]).startswith("Cold pack")]
    assert max(cold) < plan.phase_until
    assert all(in_waking(plan, s) for s in cold)
    assert all(alarm_at(e) is not None for e in found)
    assert len({str(e["UID"]) for e in found}) == len(found)
    assert "Wrote" in capsys.readouterr().err


def test_each_event_can_be_read_alone_and_carries_no_answers(tmp_path) -> None:
    out = tmp_path / "plan.ics"
    main(["plan", "--answers", str(EXAMPLE), "--now", NOW, "--ics", str(out)])
    text = out.read_text()
    for event in events(out):
        description = str(event["DESCRIPTION"])
        assert "Call your emergency number at once if" in description
        assert "not a diagnosis" in description
    cold = next(e for e in events(out) if str(e["SUMMARY"]).startswith("Cold pack"))
    assert "Never put ice straight on your skin" in str(cold["DESCRIPTION"])
    # The person's answers stay on this computer: no pain, age or cause in the file.
    for private in ("6 out of 10", "34 years", "Lifting something", "stiff"):
        assert private not in text.replace("\r\n ", "")


def test_alarms_are_relative_and_at_the_start(tmp_path) -> None:
    out = tmp_path / "plan.ics"
    main(["plan", "--answers", str(EXAMPLE), "--now", NOW, "--ics", str(out)])
    text = out.read_text()
    assert "TRIGGER;RELATED=START:PT0M" in text
    assert "VALUE=DATE-TIME" not in text


def test_every_event_lasts_some_minutes(tmp_path) -> None:
    # GNOME Calendar 43 leaves an event of no length (DURATION:P0D, valid in RFC 5545) out
    # of its week and day views ("Error adding event ... to the week header"): the end of
    # the rest period was shown only in its sidebar, as a whole day.
    out = tmp_path / "plan.ics"
    main(["plan", "--answers", str(EXAMPLE), "--now", NOW, "--ics", str(out)])
    found = events(out)
    assert any(str(e["UID"]).startswith("rest_end-") for e in found)
    for event in found:
        assert event.decoded("duration") >= timedelta(minutes=1), str(event["SUMMARY"])


def test_sessions_keep_their_clock_time_across_a_daylight_saving_change(engine) -> None:
    # Clocks go back in Berlin on Sunday 25 October 2026 at 03:00.
    plan = plan_of(engine, "2026-10-24T10:00:00+02:00", onset="2026-10-24T07:30:00+02:00")
    from wizard.calendar import calendar_bytes
    data, _ = calendar_bytes(plan, engine.ruleset, "test", plan.now)
    cal = icalendar.Calendar.from_ical(data)
    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["Europe/Berlin"]
    found = list(cal.walk("VEVENT"))
    cold = [start(e) for e in found if str(e["SUMMARY"]).startswith("Cold pack")]
    before = {s.time() for s in cold if s.date().day == 24}
    after = {s.time() for s in cold if s.date().day == 25}
    assert time(10) in before and time(10) in after, "10:00 stays 10:00 after the clocks change"
    assert min(after) == time(8), "the day after the change starts at 08:00 local time"
    offsets = {s.date().day: s.utcoffset() for s in cold}
    assert offsets[24] == timedelta(hours=2) and offsets[25] == timedelta(hours=1)
    exercises = [start(e).time() for e in found if str(e["SUMMARY"]).startswith("Back exercises")]
    assert exercises.count(time(10, 45)) >= 2


def test_without_an_iana_zone_the_times_are_utc(engine) -> None:
    from wizard.calendar import calendar_bytes
    plan = plan_of(engine, zone=timezone(timedelta(hours=1)))
    data, _ = calendar_bytes(plan, engine.ruleset, "test", plan.now)
    cal = icalendar.Calendar.from_ical(data)
    assert not list(cal.walk("VTIMEZONE"))
    assert all(start(e).utcoffset() == timedelta(0) for e in cal.walk("VEVENT"))
    assert b"DTSTART:20261127T090000Z" in data


def test_a_checkin_updates_and_cancels_what_the_new_plan_dropped(tmp_path, capsys) -> None:
    first, second = tmp_path / "first.ics", tmp_path / "second.ics"
    assert main(["checkin", "--answers", str(EXAMPLE), "--now", NOW, "--ics", str(first)]) == 0
    # Next morning at 10:10: the sessions move to 10:15, 12:15...; the old ones are cancelled.
    later = answers_file(tmp_path, "later.yaml", pain=5)
    assert main(["checkin", "--answers", later, "--now", "2026-11-28T10:10:00+01:00",
                 "--ics", str(second)]) == 0
    old = {str(e["UID"]): e for e in events(first)}
    new = events(second)
    cancelled = [e for e in new if str(e.get("STATUS")) == "CANCELLED"]
    kept = [e for e in new if str(e.get("STATUS")) != "CANCELLED"]
    assert cancelled, "sessions the new plan no longer has are cancelled"
    cut = datetime.fromisoformat("2026-11-28T10:10:00+01:00")
    for e in cancelled:
        uid = str(e["UID"])
        assert uid in old and start(e) > cut
        assert e["SEQUENCE"] == old[uid]["SEQUENCE"] + 1
    for e in kept:
        uid = str(e["UID"])
        assert e["SEQUENCE"] == (old[uid]["SEQUENCE"] + 1 if uid in old else 0)
    # Every future event of the first file is in the second: updated or cancelled.
    assert {u for u, e in old.items() if start(e) > cut} <= {str(e["UID"]) for e in new}
    assert any(str(e["UID"]) in old for e in kept), "the same slot keeps its UID"
    assert "cancels" in capsys.readouterr().err


def test_an_emergency_checkin_writes_a_file_that_only_cancels(tmp_path, capsys) -> None:
    first, second = tmp_path / "first.ics", tmp_path / "second.ics"
    main(["checkin", "--answers", str(EXAMPLE), "--now", NOW, "--ics", str(first)])
    bad = answers_file(tmp_path, "bad.yaml", red_flags=["bladder_bowel"])
    assert main(["checkin", "--answers", bad, "--now", "2026-11-27T15:00:00+01:00",
                 "--ics", str(second)]) == 0
    found = events(second)
    assert found and all(str(e["STATUS"]) == "CANCELLED" for e in found)
    assert not any(e.walk("VALARM") for e in found)
    cut = datetime.fromisoformat("2026-11-27T15:00:00+01:00")
    assert len(found) == sum(1 for e in events(first) if start(e) > cut)


def test_an_emergency_plan_without_earlier_reminders_writes_no_file(tmp_path, capsys) -> None:
    out = tmp_path / "plan.ics"
    bad = answers_file(tmp_path, "bad.yaml", red_flags=["bladder_bowel"])
    assert main(["plan", "--answers", bad, "--now", NOW, "--ics", str(out)]) == 1
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "Get help now" in err
    assert not out.exists()


def test_close_ics_cancels_the_episodes_reminders(tmp_path, capsys) -> None:
    first, gone = tmp_path / "first.ics", tmp_path / "gone.ics"
    main(["checkin", "--answers", str(EXAMPLE), "--now", NOW, "--ics", str(first)])
    capsys.readouterr()
    assert main(["close", "--ics", str(gone), "--now", "2026-11-28T09:00:00+01:00"]) == 0
    out = capsys.readouterr()
    assert "Closed episode 1" in out.out and "cancels" in out.err
    cut = datetime.fromisoformat("2026-11-28T09:00:00+01:00")
    found = events(gone)
    assert len(found) == sum(1 for e in events(first) if start(e) > cut)
    assert all(str(e["STATUS"]) == "CANCELLED" for e in found)
    assert main(["history", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["episodes"][0]["closed"]
    assert main(["close", "--now", "2026-11-28T09:00:00+01:00"]) == 1, "nothing left to close"


def test_a_calendar_that_cannot_be_written_exits_1_in_one_line(tmp_path, capsys) -> None:
    out = tmp_path / "no-such-folder" / "plan.ics"
    assert main(["plan", "--answers", str(EXAMPLE), "--now", NOW, "--ics", str(out)]) == 1
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "no-such-folder" in err
    assert not list(tmp_path.iterdir())


def test_a_new_history_never_reuses_the_uids_of_a_deleted_one(tmp_path) -> None:
    from wizard.calendar import episode_prefix
    from wizard.history.store import Episode
    a = Episode(1, None, None, None, datetime(2026, 11, 27, 10, tzinfo=timezone.utc), None)
    b = a._replace(created=datetime(2026, 12, 1, 10, tzinfo=timezone.utc))
    assert episode_prefix(a) != episode_prefix(b)


def _libical():  # noqa: ANN202
    name = ctypes.util.find_library("ical")
    if name is None:
        return None
    lib = ctypes.CDLL(name)
    lib.icalparser_parse_string.restype = ctypes.c_void_p
    lib.icalparser_parse_string.argtypes = [ctypes.c_char_p]
    lib.icalrestriction_check.argtypes = [ctypes.c_void_p]
    lib.icalcomponent_count_errors.argtypes = [ctypes.c_void_p]
    lib.icalcomponent_as_ical_string.restype = ctypes.c_char_p
    lib.icalcomponent_as_ical_string.argtypes = [ctypes.c_void_p]
    lib.icalcomponent_free.argtypes = [ctypes.c_void_p]
    return lib


def test_libical_finds_no_error_in_the_file(tmp_path) -> None:
    lib = _libical()
    if lib is None:
        pytest.skip("libical is not installed (Debian: libical3 or gir1.2-ical-3.0)")
    out, update = tmp_path / "plan.ics", tmp_path / "update.ics"
    main(["checkin", "--answers", str(EXAMPLE), "--now", NOW, "--ics", str(out)])
    main(["close", "--ics", str(update), "--now", "2026-11-28T09:00:00+01:00"])
    for path in (out, update):
        component = lib.icalparser_parse_string(path.read_bytes())
        assert component, "libical parses the file"
        try:
            lib.icalrestriction_check(component)
            errors = lib.icalcomponent_count_errors(component)
            text = lib.icalcomponent_as_ical_string(component).decode()
            assert errors == 0, [line for line in text.splitlines() if "X-LIC-ERROR" in line]
        finally:
            lib.icalcomponent_free(component)


def test_a_wrong_placeholder_in_the_reminder_words_fails_to_load(tmp_path, ruleset) -> None:
    import shutil

    from wizard.core.errors import RuleSetError
    from wizard.core.reminders import load_words
    from wizard.core.ruleset import load_ruleset
    folder = tmp_path / "rules"
    shutil.copytree(ruleset.directory, folder, ignore=shutil.ignore_patterns("scenarios"))
    words = folder / "calendar.yaml"
    words.write_text(words.read_text().replace("Cold pack: {minutes} minutes",
                                               "Cold pack: {minuets} minutes"))
    with pytest.raises(RuleSetError) as caught:
        load_words(load_ruleset(folder))
    assert "calendar.yaml:" in str(caught.value) and "{minuets}" in str(caught.value)
    words.write_text(words.read_text().replace("warning_kinds: [safety_net]",
                                               "warning_kinds: [safety_nett]"))
    with pytest.raises(RuleSetError, match="unknown advice kind 'safety_nett'"):
        load_words(load_ruleset(folder))
