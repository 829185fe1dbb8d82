"""The printed plan as HTML for QTextDocument: one function per part, from the same plan
and the same words as the window and the text output."""

from __future__ import annotations

from datetime import time
from html import escape

from ..core.plan import Item, Plan
from ..core.ruleset import RuleSet
from ..core.schedule import exercise_days, sessions
from ..words import answer_lines, dose, item_until, reasons, sections, warning_signs, when
from .colours import TONES

BOX = "\u2610"  # a tick box


def image(name: str, width: int, height: int) -> str:
    """A place for a picture: the PDF draws the picture itself there, as vectors."""
    return f'<img src="res:{escape(name)}" width="{width}" height="{height}">'


class Html:
    """Builds the HTML. `px(mm)` converts millimetres to the document's pixels."""

    def __init__(self, plan: Plan, ruleset: RuleSet, px_per_mm: float,
                 waking: tuple[time, time], chart=None, aspect=None) -> None:  # noqa: ANN001
        self.plan, self.ruleset, self.px_per_mm, self.waking = plan, ruleset, px_per_mm, waking
        self.chart = chart                         # ChartData of the episode, or None
        self.chart_size_mm = (176, 62)
        self.aspect = aspect or (lambda path: 1.0)  # height / width of a picture
        self.images: set[str] = set()              # the pictures the document places

    def px(self, mm: float) -> int:
        return round(mm * self.px_per_mm)

    def picture(self, path: str, mm: float) -> str:
        width = self.px(mm)
        self.images.add(path)
        return image(path, width, round(width * self.aspect(path)))

    def document(self) -> str:
        plan = self.plan
        emergency_only = not any(i.advice.kind not in ("get_help",) for i in plan.items)
        parts = [self.header(), self.banner()]
        groups = {s.kind: s for s in sections(plan, self.ruleset)}
        if "get_help" in groups:
            parts.append(self.section(groups["get_help"].title, groups["get_help"].items))
        signs = warning_signs(plan, self.ruleset)
        if signs:
            parts.append("<h2>The warning signs you told us about</h2><ul>"
                         + "".join(f"<li>{escape(s)}</li>" for s in signs) + "</ul>")
        if not emergency_only:
            parts.append(self.right_now(groups))
            parts.append(self.schedule())
            parts.append(self.do_and_dont(groups))
            if "exercise" in groups:
                parts.append(self.section(groups["exercise"].title, groups["exercise"].items))
            if "safety_net" in groups:
                parts.append(self.section(groups["safety_net"].title, groups["safety_net"].items,
                                          strong=True))
        parts.append(self.checkin())
        # The doctor's page: the pain over the days, the answers and the reasons.
        parts.append(self.progress(new_page=not emergency_only))
        parts.append(self.answers(new_page=not emergency_only and self.chart is None))
        if not emergency_only:
            parts.append(self.why())
        return STYLE + "".join(p for p in parts if p)

    def header(self) -> str:
        plan = self.plan
        return (f"<h1>Your back plan</h1><p class='meta'>Made {escape(when(plan.now, plan.now))}. "
                f"Rules: {escape(plan.ruleset.title)}, version {escape(plan.ruleset.version)}.</p>")

    def banner(self) -> str:
        label = self.ruleset.label("triage", self.plan.triage)
        tone = label.tone if label else "neutral"
        title = label.title if label else self.plan.triage
        text = label.text if label else ""
        icon = self.picture(f"icons/{tone}.svg", 14)
        return (f"<table class='banner' width='100%' cellpadding='{self.px(3)}' "
                f"bgcolor='{TONES[tone]}'><tr><td width='{self.px(18)}' valign='middle'>{icon}</td>"
                f"<td valign='middle'><span class='bannertitle'>{escape(title.upper())}</span><br>"
                f"<span class='bannertext'>{escape(text)}</span></td></tr></table>")

    def right_now(self, groups) -> str:
        if "therapy" in groups:
            return self.section(groups["therapy"].title, groups["therapy"].items, big=True)
        phase = self.ruleset.label("phase", self.plan.phase)
        if phase is None:
            return ""
        return (f"<h2>Right now: {escape(phase.title)}</h2><p>{escape(phase.text)}</p>")

    def item(self, item: Item, *, big: bool = False, strong: bool = False) -> str:
        advice = item.advice
        until = item_until(self.plan, item)
        body = [f"<p class='{'itemtitle big' if big else 'itemtitle'}'>{escape(advice.title)}"
                + (f" &mdash; until {escape(when(until, self.plan.now))}" if until else
                   f" &mdash; {escape(advice.until_else)}" if advice.until_else else "")
                + "</p>"]
        body.append(f"<p>{escape(advice.text)}</p>")
        if advice.steps:
            body.append("<ul>" + "".join(f"<li>{escape(s)}</li>" for s in advice.steps) + "</ul>")
        if advice.dose:
            body.append(f"<p><b>How much:</b> {escape(dose(advice.dose))}</p>")
        text = "".join(body)
        if advice.illustration:
            return (f"<table width='100%' cellpadding='{self.px(1)}'><tr><td width='{self.px(42)}' "
                    f"valign='top'>{self.picture(advice.illustration, 38)}</td><td valign='top'>"
                    f"{text}</td></tr></table>")
        # One box per item, so that a page break does not cut it (see pdf.keep_together).
        return (f"<table width='100%' cellspacing='0' cellpadding='0'><tr><td>"
                f"<div class='{'strong' if strong else 'item'}'>{text}</div></td></tr></table>")

    def do_and_dont(self, groups) -> str:
        """Do and Don't side by side: each heading stays with its items."""
        columns = [groups[k] for k in ("do", "dont") if k in groups]
        if not columns:
            return ""
        cells = "".join(f"<td valign='top' width='{100 // len(columns)}%'>"
                        + self.section(c.title, c.items) + "</td>" for c in columns)
        return (f"<table width='100%' cellspacing='0' cellpadding='{self.px(1)}'><tr>{cells}"
                "</tr></table>")

    def section(self, title: str, items, *, big: bool = False, strong: bool = False) -> str:
        return f"<h2>{escape(title)}</h2>" + "".join(self.item(i, big=big, strong=strong) for i in items)

    def schedule(self) -> str:
        rows = []
        for item in self.plan.items:
            for day in sessions(self.plan, item, self.waking):
                boxes = "&nbsp;&nbsp; ".join(f"{BOX}&nbsp;{t:%H:%M}" for t in day.sessions)
                rows.append((f"{escape(item.advice.title)}", f"{day.day:%A} {day.day.day} {day.day:%B}",
                             boxes))
        exercise_rows = []
        for item in self.plan.items:
            n = item.advice.dose.times_a_day if item.advice.dose else 0
            for day in exercise_days(self.plan, item):
                exercise_rows.append((escape(item.advice.title), f"{day.day:%A} {day.day.day} {day.day:%B}",
                                      "&nbsp;&nbsp; ".join([BOX] * n) + f"&nbsp; (up to {n} times)"))
        if not rows and not exercise_rows:
            return ""
        start, end = self.waking
        out = [f"<h2>Your schedule</h2><p>Tick each one when you have done it. Times are for "
               f"waking hours, {start:%H:%M} to {end:%H:%M}.</p>",
               "<table class='grid' width='100%' cellspacing='0' cellpadding='"
               f"{self.px(1.5)}'><tr><th align='left'>What</th><th align='left'>Day</th>"
               "<th align='left'>Sessions</th></tr>"]
        for what, day, boxes in rows + exercise_rows:
            out.append(f"<tr><td>{what}</td><td>{escape(day)}</td><td>{boxes}</td></tr>")
        out.append("</table>")
        return "".join(out)

    def checkin(self) -> str:
        if self.plan.next_checkin is None:
            return ""
        return ("<h2>Check in again</h2><p><b>"
                f"{escape(when(self.plan.next_checkin, self.plan.now))}</b>: open Back Spasm Wizard "
                "again and answer the questions. The plan changes as your back gets better.</p>")

    def progress(self, new_page: bool = False) -> str:
        if self.chart is None:
            return ""
        from ..words import trend
        brk = " style='page-break-before: always'" if new_page else ""
        width, height = self.px(self.chart_size_mm[0]), self.px(self.chart_size_mm[1])
        return (f"<h2{brk}>Your pain over the days</h2>{image('chart', width, height)}"
                f"<p>{escape(trend(self.chart.points))}</p>")

    def answers(self, new_page: bool = False) -> str:
        rows = "".join(f"<tr><td width='30%'><b>{escape(label)}</b></td><td>{escape(words)}</td></tr>"
                       for label, words in answer_lines(self.plan, self.ruleset))
        brk = " style='page-break-before: always'" if new_page else ""
        return (f"<h2{brk}>Your answers</h2><table class='grid' width='100%' cellspacing='0' "
                f"cellpadding='{self.px(1.2)}'>{rows}</table>")

    def why(self) -> str:
        body = "".join(
            f"<tr><td width='25%'><b>{escape(what)}</b></td><td>{escape(r.because)}</td>"
            f"<td width='28%' class='small'>{escape(r.rule_id)}<br>{escape(r.source.title)}</td></tr>"
            for what, r in reasons(self.plan))
        return ("<h2>Why this plan</h2><table class='grid small' width='100%' cellspacing='0' "
                f"cellpadding='{self.px(1)}'><tr><th align='left'>Part</th><th align='left'>Why</th>"
                f"<th align='left'>Rule and source</th></tr>{body}</table>")


STYLE = """<style>
h1 { font-size: 20pt; margin: 0; }
h2 { font-size: 14pt; margin-top: 12px; margin-bottom: 2px; }
p { margin-top: 2px; margin-bottom: 3px; }
.meta { color: #444444; font-size: 9pt; }
.bannertitle { color: #ffffff; font-size: 18pt; font-weight: bold; }
.bannertext { color: #ffffff; font-size: 12pt; }
.itemtitle { font-size: 12pt; font-weight: bold; margin-top: 6px; }
.big { font-size: 13pt; }
.small { font-size: 8.5pt; }
table.grid { border-collapse: collapse; border: 1px solid #888888; }
table.grid td, table.grid th { border: 1px solid #888888; }
.strong { font-weight: bold; }
</style>"""
