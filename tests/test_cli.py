"""The command line as scripts and people use it (CONTRACT.md)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from conftest import TESTS
from wizard.cli import main

EXAMPLE = TESTS.parent / "examples" / "lifting-strain.yaml"
NOW = "2026-11-27T10:00:00+01:00"


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "wizard", *args], capture_output=True, text=True,
                          timeout=60)


def test_plan_json_follows_the_contract(capsys) -> None:
    assert main(["plan", "--answers", str(EXAMPLE), "--now", NOW, "--json"]) == 0
    plan = json.loads(capsys.readouterr().out)
    assert plan["ruleset"] == {"id": "back-spasm", "version": "2.0.0"}
    assert plan["now"] == NOW
    assert (plan["triage"], plan["phase"]) == ("self_care", "cold")
    assert plan["phase_until"] == "2026-11-29T07:30:00+01:00"
    assert plan["rest_until"] == "2026-11-30T07:30:00+01:00"
    # The cold phase ends at 07:30, before the waking hours start: check in at 08:00.
    assert plan["next_checkin"] == "2026-11-29T08:00:00+01:00"
    assert plan["advice"][0] == "cold_therapy"
    assert plan["advice"][-2:] == ["safety_net", "safety_net_urgent"]
    assert "phase-cold-after-strain" in plan["fired"]
    assert "episode" not in plan


def test_dates_are_given_in_the_persons_local_time(capsys, monkeypatch) -> None:
    main(["plan", "--answers", str(EXAMPLE), "--now", "2026-11-27T09:00:00+00:00", "--json"])
    plan = json.loads(capsys.readouterr().out)
    assert plan["now"] == "2026-11-27T10:00:00+01:00"          # TZ=Europe/Berlin (conftest)
    assert plan["phase_until"] == "2026-11-29T07:30:00+01:00"
    monkeypatch.setenv("TZ", "America/New_York")
    main(["plan", "--answers", str(EXAMPLE), "--now", "2026-11-27T09:00:00+00:00", "--json"])
    plan = json.loads(capsys.readouterr().out)
    assert plan["now"] == "2026-11-27T04:00:00-05:00"
    assert plan["phase_until"] == "2026-11-29T01:30:00-05:00"
    # 01:30 in New York is in the night: the check-in moves to the start of the day there.
    assert plan["next_checkin"] == "2026-11-29T08:00:00-05:00"


def test_made_at_follows_the_clock_across_a_daylight_saving_change(capsys, monkeypatch,
                                                                  tmp_path) -> None:
    """The onset was in summer time (+02:00), the plan is made in winter time: the plan says
    the time the clock shows now, not now in the onset's offset."""
    monkeypatch.setenv("TZ", "Europe/Berlin")
    answers = EXAMPLE.read_text().replace("2026-11-27T07:30:00+01:00", "2026-10-24T07:30:00+02:00")
    path = tmp_path / "answers.yaml"
    path.write_text(answers)
    main(["plan", "--answers", str(path), "--now", "2026-11-27T11:00:00+00:00"])
    assert "Made Friday 27 November 2026 at 12:00." in capsys.readouterr().out


def test_plan_text_is_a_plan_a_person_can_follow(capsys) -> None:
    assert main(["plan", "--answers", str(EXAMPLE), "--now", NOW]) == 0
    text = capsys.readouterr().out
    assert "LOOK AFTER YOURSELF AT HOME" in text
    assert "Cold pack, until Sunday 29 November at 07:30" in text
    assert "Up to 15 minutes, every 2 hours while you are awake." in text
    assert "Take it easy for a few days, until Monday 30 November at 07:30" in text
    assert "Hold for 10 seconds. Do it up to 10 times on each side. Up to 3 times a day." in text
    assert "Sunday 29 November 2026 at 08:00: run Back Spasm Wizard again" in text
    assert "Stop hard activity, until Monday 30 November at 07:30" in text
    assert "* See a doctor today, or call your urgent help line, if" in text
    assert "does not replace a medical examination" in text
    assert "cold_therapy" not in text, "ids are not words for a person"


def test_the_emergency_plan_text_has_no_home_treatment(tmp_path, capsys) -> None:
    answers = tmp_path / "a.yaml"
    answers.write_text(EXAMPLE.read_text().replace("red_flags: []", "red_flags: [bladder_bowel]"))
    assert main(["plan", "--answers", str(answers), "--now", NOW]) == 0
    text = capsys.readouterr().out
    assert "GET HELP NOW" in text
    assert "New trouble peeing" in text, "it repeats the warning sign to tell them about"
    for home in ("Cold pack", "Moist heat", "Knee lifts", "Go for short walks"):
        assert home not in text


def test_now_must_have_an_offset(capsys) -> None:
    assert main(["plan", "--answers", str(EXAMPLE), "--now", "2026-11-27T10:00"]) == 2
    assert "--now: '2026-11-27T10:00' is not allowed" in capsys.readouterr().err


def test_a_missing_answers_file_is_bad_usage(tmp_path, capsys) -> None:
    assert main(["plan", "--answers", str(tmp_path / "nope.yaml")]) == 2
    assert "--answers:" in capsys.readouterr().err


def test_an_unknown_command_is_bad_usage() -> None:
    result = run("dance")
    assert result.returncode == 2
    assert "invalid choice" in result.stderr


def test_an_unexpected_error_is_one_line_and_exit_1(monkeypatch, capsys) -> None:
    from wizard.core import engine

    def broken(self, answers, now, **context):
        raise RuntimeError("disk on fire")
    monkeypatch.setattr(engine.Engine, "evaluate", broken)
    assert main(["plan", "--answers", str(EXAMPLE), "--now", NOW]) == 1
    err = capsys.readouterr().err
    assert err.strip() == ("spasm-wizard: RuntimeError: disk on fire "
                           "(run with --debug for details)")
    with pytest.raises(RuntimeError):
        main(["--debug", "plan", "--answers", str(EXAMPLE), "--now", NOW])


def test_the_real_process_exits_with_the_contract_codes() -> None:
    ok = run("plan", "--answers", str(EXAMPLE), "--now", NOW, "--json")
    assert ok.returncode == 0 and json.loads(ok.stdout)["phase"] == "cold"
    bad = run("plan", "--answers", str(TESTS / "bad_answers" / "pain-11.yaml"), "--now", NOW)
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
    assert run("check-rules").returncode == 0


def test_the_core_never_imports_qt() -> None:
    code = ("import sys, wizard.cli, wizard.words, wizard.core.engine, wizard.core.sweep\n"
            "from wizard.cli import main\n"
            f"main(['plan', '--answers', {str(EXAMPLE)!r}, '--now', {NOW!r}])\n"
            "qt = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken')))\n"
            "assert not qt, qt\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_commands_load_qt_only_when_they_need_it(tmp_path) -> None:
    """Each command is a module of wizard.commands with its imports at its top: Qt comes only
    with a PDF or the window's lock (forget --yes), icalendar only with --ics."""
    env = {**os.environ, "SPASM_WIZARD_DATA_DIR": str(tmp_path / "data")}
    code = ("import sys\n"
            "from wizard.cli import main\n"
            "code = main(sys.argv[1:])\n"
            "loaded = {m.split('.')[0] for m in sys.modules} & {'PySide6', 'icalendar'}\n"
            "print(code, sorted(loaded))\n")
    for argv, want in [(["forget"], "2 []"),
                       (["checkin", "--answers", str(EXAMPLE), "--now", NOW], "0 []"),
                       (["history"], "0 []"), (["close", "--now", NOW], "0 []"),
                       (["plan", "--answers", str(EXAMPLE), "--now", NOW, "--ics",
                         str(tmp_path / "p.ics")], "0 ['icalendar']")]:
        result = subprocess.run([sys.executable, "-c", code, *argv], capture_output=True,
                                text=True, env=env, timeout=60)
        assert result.stdout.splitlines()[-1] == want, (argv, result.stdout, result.stderr)


def test_the_core_loads_nothing_it_does_not_use() -> None:
    """Importing the core does not load typing_extensions (installed for icalendar; through
    msgspec it costs 9 ms of every start); msgspec works, and icalendar still finds
    typing_extensions later."""
    code = ("import sys, wizard.core.engine, wizard.core.answers, wizard.words\n"
            "assert 'typing_extensions' not in sys.modules and 'inspect' not in sys.modules, "
            "sorted(sys.modules)\n"
            "import msgspec\n"
            "class S(msgspec.Struct):\n    a: int\n"
            "assert msgspec.json.decode(b'{\"a\": 1}', type=S) == S(1)\n"
            "import icalendar, typing_extensions\n"
            "assert typing_extensions.__name__ == 'typing_extensions'\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_plan_pdf_loads_neither_widgets_nor_the_history(tmp_path) -> None:
    """The PDF needs QtGui alone, and plan stores nothing: either would cost the command its
    speed (issue 11) and change nothing it writes."""
    out = tmp_path / "plan.pdf"
    code = ("import sys\n"
            "from wizard.cli import main\n"
            f"code = main(['plan', '--answers', {str(EXAMPLE)!r}, '--now', {NOW!r}, '--pdf', "
            f"{str(out)!r}])\n"
            "loaded = sorted(m for m in sys.modules if m in ('PySide6.QtWidgets', 'sqlite3') "
            "or m.startswith(('wizard.history', 'wizard.gui')))\n"
            "print(code, loaded)\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=60)
    assert result.stdout.splitlines()[-1] == "0 []", result.stdout[-300:] + result.stderr
    assert out.read_bytes()[:5] == b"%PDF-"


@pytest.mark.parametrize("argv", [
    ["plan", "--answers", "a.yaml"],
    ["--debug", "plan", "--answers", "a.yaml", "--now", NOW, "--json", "--pdf", "p.pdf",
     "--ics", "r.ics", "--waking", "07:00-23:00", "--rules", "rules"],
    ["plan", "--pdf", "one.pdf", "--answers", "a.yaml", "--pdf", "two.pdf", "--answers", ""],
    ["checkin", "--answers", "a.yaml", "--new-episode", "--take-back", "fever",
     "--take-back", "both_legs", "--json"],
    ["close", "--ics", "c.ics", "--now", NOW],
    ["history", "--json"], ["history"], ["forget", "--yes"], ["forget"],
])
def test_a_plain_command_line_is_read_as_argparse_reads_it(argv) -> None:
    from wizard.cli import _parser, _plain_args
    assert vars(_plain_args(argv)) == vars(_parser().parse_args(argv))


@pytest.mark.parametrize("argv", [
    ["plan"], ["plan", "--answers"], ["plan", "--answers", "--json"], ["plan", "--ans", "a"],
    ["plan", "--answers=a.yaml"], ["plan", "--answers", "a", "--now", "-1"],
    ["plan", "--answers", "a", "--debug"], ["plan", "-h"], ["--help"], ["check-rules"],
    ["check-rules", "rules"], ["checkin", "--answers", "a", "--", "x"], ["bogus"], ["--debug"],
    ["history", "extra"],
])
def test_anything_else_is_left_to_argparse(argv) -> None:
    """Help, abbreviations, errors: argparse's own words, as the contract has them."""
    from wizard.cli import _plain_args
    assert _plain_args(argv) is None


@pytest.mark.parametrize("argv, collects", [
    (["plan", "--answers", str(EXAMPLE), "--now", NOW], False),
    (["--debug", "history"], False),
    (["check-rules"], True),      # the sweep makes many objects: the collector stays on
])
def test_short_commands_run_without_the_garbage_collector(argv, collects) -> None:
    code = ("import atexit, gc, sys\n"
            "atexit.register(lambda: print('collects', gc.isenabled()))\n"
            f"sys.argv = ['spasm-wizard', *{argv!r}]\n"
            "from wizard.cli import run\n"
            "run()\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == f"collects {collects}"


def test_the_installed_command_and_python_m_wizard_start_the_same_way() -> None:
    import tomllib
    project = tomllib.loads((TESTS.parent / "pyproject.toml").read_text())
    assert project["project"]["scripts"]["spasm-wizard"] == "wizard.cli:run"
    assert "run()" in (TESTS.parent / "wizard" / "__main__.py").read_text()


def test_a_folder_as_the_answers_file_is_named_a_folder(tmp_path, capsys) -> None:
    assert main(["plan", "--answers", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert f"--answers: {str(tmp_path)!r} is a folder: give an answers file that exists" in err
    assert main(["plan", "--answers", str(tmp_path / "none.yaml")]) == 2
    assert "does not exist" in capsys.readouterr().err


def test_a_german_plan_prints_where_the_locale_gives_ascii(tmp_path) -> None:
    """No usable locale (LANG=de_DE.UTF-8 not installed, or the program built with Nuitka)
    left Python's streams ASCII and the German plan ended in a UnicodeEncodeError; it prints
    in UTF-8, as Python itself does in a C locale."""
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LC_ALL": "C",
           "PYTHONCOERCECLOCALE": "0", "PYTHONUTF8": "0", "QT_QPA_PLATFORM": "offscreen",
           "SPASM_WIZARD_DATA_DIR": str(tmp_path / "data"), "TZ": "Europe/Berlin"}
    check = subprocess.run([sys.executable, "-c", "import sys; print(sys.stdout.encoding)"],
                           env=env, capture_output=True, text=True)
    assert check.stdout.strip().lower() in ("ascii", "ansi_x3.4-1968"), "the case this is about"
    done = subprocess.run([sys.executable, "-m", "wizard", "--lang", "de", "plan", "--answers",
                           str(EXAMPLE), "--now", "2026-11-27T10:00:00+01:00"],
                          env=env, capture_output=True, timeout=60)
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    assert "IHR RÜCKEN-PLAN" in done.stdout.decode("utf-8")


def test_the_process_ends_without_a_last_collection_and_loses_nothing(tmp_path) -> None:
    """spasm-wizard (cli.run) freezes what is alive before the process ends, so that Python's
    last collection does not walk it: the plan is still printed whole, the PDF written, the
    exit handlers run, and the exit status kept."""
    root = TESTS.parent
    pdf = tmp_path / "plan.pdf"
    code = ("import atexit, gc, sys\n"
            "atexit.register(lambda: print('frozen', gc.get_freeze_count() > 0))\n"
            "from wizard.cli import run\n"
            "run()\n")
    env = {**os.environ, "PYTHONPATH": str(root), "SPASM_WIZARD_DATA_DIR": str(tmp_path / "d"),
           "QT_QPA_PLATFORM": "offscreen"}
    args = ["plan", "--json", "--answers", str(root / "examples" / "lifting-strain.yaml"),
            "--now", "2026-11-27T10:00:00+01:00", "--pdf", str(pdf)]
    result = subprocess.run([sys.executable, "-c", code, *args], env=env, text=True,
                            capture_output=True, timeout=120)
    assert result.returncode == 0, result.stderr
    *plan, last = result.stdout.splitlines()
    assert last == "frozen True"
    assert json.loads("\n".join(plan))["triage"]
    assert pdf.read_bytes().rstrip().endswith(b"%%EOF")
    bad = subprocess.run([sys.executable, "-c", code, "plan", "--answers", str(tmp_path / "x")],
                         env=env, text=True, capture_output=True, timeout=120)
    assert bad.returncode == 2 and "--answers" in bad.stderr
