"""A PDF export is atomic (issue 10, items 1 and 10): the earlier file stays whole unless a
complete new one replaces it; no part file is left; a target that is not a file is refused."""

from __future__ import annotations

import os
import resource
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import NOW, TESTS

ROOT = TESTS.parent
ANSWERS = ROOT / "examples" / "lifting-strain.yaml"
GOOD = b"%PDF-1.4 an earlier plan, kept safe\n%%EOF\n"


def spasm(*args: str, limit_bytes: int | None = None, **kw) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}

    def limit() -> None:
        if limit_bytes is not None:   # as `ulimit -f`; Python ignores SIGXFSZ, so writes fail
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit_bytes, limit_bytes))
    return subprocess.run([sys.executable, "-m", "wizard", *args], env=env, text=True,
                          capture_output=True, timeout=120, preexec_fn=limit, **kw)


def parts(folder: Path) -> list[Path]:
    return [p for p in folder.iterdir() if p.name.endswith(".part")]


@pytest.mark.parametrize(("option", "name", "earlier", "limit"), [
    ("--pdf", "plan.pdf", GOOD, 16 * 1024),
    ("--ics", "plan.ics", b"BEGIN:VCALENDAR\r\nPRODID:an earlier file, kept safe\r\nEND:VCALENDAR\r\n",
     4 * 1024),   # the calendar file (issue 12) is written the same way
])
def test_a_file_size_limit_keeps_the_earlier_file_whole(tmp_path, option, name, earlier,
                                                        limit) -> None:
    out = tmp_path / name
    out.write_bytes(earlier)
    done = spasm("plan", "--answers", str(ANSWERS), "--now", NOW.isoformat(), option, str(out),
                 limit_bytes=limit)
    assert done.returncode == 1, done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr
    assert str(out) in done.stderr
    assert out.read_bytes() == earlier, "the earlier file is untouched"
    assert parts(tmp_path) == []


def test_the_plan_is_still_printed_when_the_pdf_fails(tmp_path) -> None:
    out = tmp_path / "plan.pdf"
    done = spasm("plan", "--answers", str(ANSWERS), "--now", NOW.isoformat(), "--pdf", str(out),
                 limit_bytes=16 * 1024)
    assert done.returncode == 1 and "cold" in done.stdout.lower()
    assert not out.exists() and parts(tmp_path) == []


def test_a_fifo_is_refused_and_left_as_it_is(tmp_path) -> None:
    fifo = tmp_path / "plan.pdf"
    os.mkfifo(fifo)
    done = spasm("plan", "--answers", str(ANSWERS), "--now", NOW.isoformat(), "--pdf", str(fifo))
    assert done.returncode == 1, done.stderr
    assert "is a pipe, not a file" in done.stderr
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode), "the FIFO was not replaced by a file"
    assert parts(tmp_path) == []


@pytest.mark.skipif(os.geteuid() != 0, reason="making a device node needs root")
def test_a_device_is_refused_and_left_as_it_is(tmp_path) -> None:
    full = tmp_path / "full"   # a node like /dev/full, in a folder of our own
    os.mknod(full, 0o666 | stat.S_IFCHR, os.makedev(1, 7))
    done = spasm("plan", "--answers", str(ANSWERS), "--now", NOW.isoformat(), "--pdf", str(full))
    assert done.returncode == 1 and "is a device, not a file" in done.stderr
    assert stat.S_ISCHR(os.lstat(full).st_mode)


def test_a_folder_is_refused(tmp_path) -> None:
    done = spasm("plan", "--answers", str(ANSWERS), "--now", NOW.isoformat(), "--pdf", str(tmp_path))
    assert done.returncode == 1 and "is a folder, not a file" in done.stderr


SLOW_EXPORT = """
import sys, time
import wizard.report.pdf as pdf
render = pdf._render
def slow(*args, **kw):
    render(*args, **kw)
    print("rendered", file=sys.stderr, flush=True)
    time.sleep(30)
pdf._render = slow
from wizard.cli import main
sys.exit(main(sys.argv[1:]))
"""


def test_sigterm_during_an_export_leaves_no_part_file(tmp_path) -> None:
    out = tmp_path / "plan.pdf"
    out.write_bytes(GOOD)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.Popen([sys.executable, "-c", SLOW_EXPORT, "plan", "--answers", str(ANSWERS),
                             "--now", NOW.isoformat(), "--pdf", str(out)],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stderr.readline().strip() == "rendered"
        assert parts(tmp_path), "the part file is there while the export runs"
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)
    finally:
        proc.kill()
        proc.wait()
    assert proc.returncode == -signal.SIGTERM
    assert parts(tmp_path) == [], "SIGTERM left a part file"
    assert out.read_bytes() == GOOD


def test_an_empty_pdf_name_is_bad_usage(capsys) -> None:
    from wizard.cli import main
    code = main(["plan", "--answers", str(ANSWERS), "--now", NOW.isoformat(), "--pdf", ""])
    assert code == 2 and "--pdf: '' is not allowed" in capsys.readouterr().err


def test_checkin_prints_its_plan_then_fails_on_the_pdf(tmp_path, capsys) -> None:
    from wizard.cli import main
    code = main(["checkin", "--answers", str(ANSWERS), "--now", NOW.isoformat(),
                 "--pdf", str(tmp_path / "no-such-folder" / "plan.pdf")])
    out, err = capsys.readouterr()
    assert code == 1
    assert "Episode 1, check-in 1." in out, "the recorded check-in's plan is printed"
    assert "no-such-folder" in err and len(err.strip().splitlines()) == 1
    assert main(["history", "--json"]) == 0
    assert '"number": 1' in capsys.readouterr().out, "the check-in was recorded"


@pytest.mark.parametrize("kind", ["pipe", "folder"])
def test_a_calendar_file_is_never_written_over_a_pipe_or_a_folder(tmp_path, kind) -> None:
    target = tmp_path / "plan.ics"
    if kind == "pipe":
        os.mkfifo(target)
    else:
        target.mkdir()
    done = spasm("plan", "--answers", str(ANSWERS), "--now", NOW.isoformat(), "--ics", str(target))
    assert done.returncode == 1, done.stderr
    assert f"is a {kind}, not a file" in done.stderr
    assert (stat.S_ISFIFO if kind == "pipe" else stat.S_ISDIR)(os.lstat(target).st_mode)
    assert parts(tmp_path) == []


def test_a_file_is_replaced_from_another_thread_too(tmp_path) -> None:
    """Only the main thread may set a signal handler: a write from another thread is still
    atomic, without the SIGTERM clean-up, and the handler in place stays as it was."""
    import threading

    from wizard.atomic import replacing
    target = tmp_path / "plan.txt"
    target.write_text("earlier")
    before = signal.getsignal(signal.SIGTERM)
    errors: list[BaseException] = []

    def write() -> None:
        try:
            with replacing(target) as part:
                part.write_text("later")
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    thread = threading.Thread(target=write)
    thread.start()
    thread.join()
    assert errors == []
    assert target.read_text() == "later"
    assert signal.getsignal(signal.SIGTERM) is before
    assert [p.name for p in tmp_path.iterdir()] == ["plan.txt"]
