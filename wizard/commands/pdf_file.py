"""The PDF of a plan, for --pdf. It brings Qt (QtGui, through wizard.report.pdf): the commands
import this module only when --pdf is given."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..report.pdf import ExportError, write_pdf
from . import ExportFailed


def write_plan_pdf(plan: Any, ruleset: Any, out: str, series: Any = (), changes: Any = (),
                   adherence: Any = ()) -> None:
    try:
        write_pdf(plan, ruleset, Path(out), waking=plan.waking, series=series, changes=changes,
                  adherence=adherence)
    except ExportError as exc:
        raise ExportFailed(str(exc)) from None
