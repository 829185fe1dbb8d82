"""The printed plan as HTML for QTextDocument: one function per part, from the same plan
and the same words as the window and the text output."""

from __future__ import annotations

from datetime import time

from ..core.plan import Item, Plan
from ..core.ruleset import RuleSet
from ..core.schedule import exercise_days, sessions
from ..i18n import clock, date_words, tr, trn, trp
from ..words import (answer_lines, in_one_line, dose, item_until, reasons, sections, source_words,
                     warning_signs, when)
from .colours import TONES


def escape(text: str) -> str:
    """Text for HTML, as html.escape makes it (quotes too). Not html.escape itself: the html
    module loads its 2,000 named characters for unescaping, which the report never does
    (1 ms of every `plan --pdf`)."""
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;").replace("'", "&#x27;"))


BOX = "\u2610"  # a tick box


def image(name: str, width: int, height: int) -> str:
    """A place for a picture: the PDF draws the picture itself there, as vectors."""
    return f'<img src="res:{escape(name)}" width="{width}" height="{height}">'


class Html:
    """Builds the HTML. `px(mm)` converts millimetres to the document's pixels."""

    def __init__(self, plan: Plan, ruleset: RuleSet, px_per_mm: float,
                 waking: tuple[time, time], chart=None, aspect=None,  # noqa: ANN001
                 changes: tuple[str, ...] = ()) -> None:
        self.plan, self.ruleset, self.px_per_mm, self.waking = plan, ruleset, px_per_mm, waking
        self.changes = tuple(changes)              # "Since last time", as the window says it
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
        """Page 1, the page for the fridge: the banner and the kinds marked `page: first`
        (get help, right now, when to get help). Then the schedule, the other kinds, when to
        check in, and the doctor's page. A plan of page-one help alone (an emergency: no home
        treatment) is one page: help comes first. With `lift`, that kind comes second on
        page 1, after the first part and the warning signs told."""
        plan = self.plan
        groups = sections(plan, self.ruleset)
        one_page = all(g.kind.page == "first" and not g.kind.phase_label
                       for g in groups if g.items)
        parts = [self.header(), self.banner()]
        first = [g for g in groups if g.kind.page == "first"]
        if self.lift:  # the warning signs before the rest of page 1 (pdf.build_document)
            first = first[:1] + sorted(first[1:], key=lambda g: g.kind.id != self.lift)
        rest = [g for g in groups if g.kind.page != "first"]
        for n, group in enumerate(first):
            parts.append(self.section(group))
            if n == 0:
                parts.append(self.signs())
        if not first:
            parts.append(self.signs())
        if not one_page:
            parts.append(self.schedule())
            parts.append(self.body(rest))
        parts.append(self.checkin())
        parts.append(self.since_last_time())
        # The doctor's page: the pain over the days, the answers and the reasons.
        parts.append(self.progress(new_page=not one_page))
        parts.append(self.done())
        parts.append(self.answers(new_page=not one_page and self.chart is None))
        if not one_page:
            parts.append(self.why())
        return STYLE + "".join(p for p in parts if p)

    def signs(self) -> str:
        signs = warning_signs(self.plan, self.ruleset)
        if not signs:
            return ""
        # One paragraph, not a list: page 1 must keep room for both get-help lists.
        # translators: HTML of the PDF (keep the <b> tags); {signs} is a list of the signs
        return ("<p>" + tr("<b>The warning signs you told us about:</b> {signs}.",
                           signs=escape(in_one_line(signs))) + "</p>")

    def body(self, groups) -> str:  # noqa: ANN001
        """The kinds after page 1, in order; neighbours of `width: half` side by side."""
        out, row = [], []
        for group in [*groups, None]:
            if group is not None and group.kind.width == "half":
                row.append(group)
                continue
            if row:
                out.append(self.columns(row))
                row = []
            if group is not None:
                out.append(self.section(group))
        return "".join(out)

    def since_last_time(self) -> str:
        if not self.changes:
            return ""
        return (f"<h2>{escape(tr('Since last time'))}</h2><ul>"
                + "".join(f"<li>{escape(c)}</li>" for c in self.changes) + "</ul>")

    def header(self) -> str:
        plan = self.plan
        # translators: under the PDF's title: when it was made, and the rule set's title and version
        made = tr("Made {when}. Rules: {title}, version {version}.",
                  when=when(plan.now, plan.local(plan.now)), title=plan.ruleset.title,
                  version=plan.ruleset.version)
        return (f"<h1>{escape(tr('Your back plan'))}</h1><p class='meta'>{escape(made)}</p>")

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

    def item(self, item: Item, *, big: bool = False, strong: bool = False) -> str:
        advice = item.advice
        until = item_until(self.plan, item)
        body = [f"<p class='{'itemtitle big' if big else 'itemtitle'}'>{escape(advice.title)}"
                + (" &mdash; " + escape(tr("until {when}", when=when(until, self.plan.local(self.plan.now))))
                   if until else
                   f" &mdash; {escape(advice.until_else)}" if advice.until_else else "")
                + "</p>"]
        body.append(f"<p>{escape(advice.text)}</p>")
        if advice.steps:
            body.append("<ul>" + "".join(f"<li>{escape(s)}</li>" for s in advice.steps) + "</ul>")
        if advice.dose:
            # translators: HTML of the PDF (keep the <b> tags): how much of a treatment to do
            body.append("<p>" + tr("<b>How much:</b> {dose}", dose=escape(dose(advice.dose)))
                        + "</p>")
        text = "".join(body)
        if advice.illustration:
            return (f"<table width='100%' cellpadding='{self.px(1)}'><tr><td width='{self.px(34)}' "
                    f"valign='top'>{self.picture(advice.illustration, 30)}</td><td valign='top'>"
                    f"{text}</td></tr></table>")
        # One box per item, so that a page break does not cut it (see pdf.paginate).
        return (f"<table width='100%' cellspacing='0' cellpadding='0'><tr><td>"
                f"<div class='{'strong' if strong else 'item'}'>{text}</div></td></tr></table>")

    def columns(self, groups) -> str:  # noqa: ANN001
        """Kinds side by side (Do and Don't): each heading stays with its items."""
        cells = "".join(f"<td valign='top' width='{100 // len(groups)}%'>"
                        + self.section(g) + "</td>" for g in groups)
        return (f"<table width='100%' cellspacing='0' cellpadding='{self.px(1)}'><tr>{cells}"
                "</tr></table>")

    def section(self, group) -> str:  # noqa: ANN001
        big, strong = group.kind.emphasis == "large", group.kind.emphasis == "bold"
        note = f"<p>{escape(group.note)}</p>" if group.note else ""
        items = [self.item(i, big=big, strong=strong) for i in group.items]
        if group.kind.columns == 2 and len(items) > 1:
            half = (len(items) + 1) // 2
            cells = "".join(f"<td valign='top' width='50%'>{''.join(part)}</td>"
                            for part in (items[:half], items[half:]))
            return (f"<h2>{escape(group.title)}</h2>{note}<table width='100%' cellspacing='0' "
                    f"cellpadding='{self.px(1)}'><tr>{cells}</tr></table>")
        return f"<h2>{escape(group.title)}</h2>{note}" + "".join(items)

    def schedule(self) -> str:
        rows = []
        for item in self.plan.items:
            for day in sessions(self.plan, item, self.waking):
                boxes = "&nbsp;&nbsp; ".join(f"{BOX}&nbsp;{escape(clock(t))}" for t in day.sessions)
                rows.append((f"{escape(item.advice.title)}", date_words(day.day, year=False),
                             boxes))
        exercise_rows = []
        for item in self.plan.items:
            n = item.advice.dose.times_a_day if item.advice.dose else 0
            for day in exercise_days(self.plan, item, self.waking):
                # translators: after the tick boxes of a day's exercises; the same words in English for 1 (for now)
                most = trn("(up to {n} times)", "(up to {n} times)", n)
                exercise_rows.append((escape(item.advice.title), date_words(day.day, year=False),
                                      "&nbsp;&nbsp; ".join([BOX] * n) + "&nbsp; " + escape(most)))
        if not rows and not exercise_rows:
            return ""
        start, end = self.waking
        head = "<tr>" + "".join(f"<th align='left'>{escape(t)}</th>" for t in (
            # translators: the heading of a column of the PDF's schedule: the treatment
            trp("schedule column", "What"),
            # translators: the heading of a column of the PDF's schedule: the day
            trp("schedule column", "Day"),
            # translators: the heading of a column of the PDF's schedule: the tick boxes with their times
            trp("schedule column", "Sessions"))) + "</tr>"
        body = [f"<tr><td>{what}</td><td>{escape(day)}</td><td>{boxes}</td></tr>"
                for what, day, boxes in rows + exercise_rows]
        # translators: under "Your schedule" in the PDF; {start} and {end}: the waking hours, "07:00"
        note = tr("Tick each one when you have done it. Times are for waking hours, {start} to {end}.",
                  start=clock(start), end=clock(end))
        return (f"<h2>{escape(tr('Your schedule'))}</h2><p>{escape(note)}</p>"
                + self.grid("schedule", head, body, padding=1.5))

    def grid(self, name: str, head: str, rows: list[str], *, padding: float = 1.0,
             small: bool = False) -> str:
        """A table with borders. A row never breaks across pages: the PDF cuts the table
        between rows, its header repeated on the new page (pdf.paginate)."""
        if not rows:
            return ""
        return (f"<table class='grid{' small' if small else ''}' width='100%' cellspacing='0' "
                f"cellpadding='{self.px(padding)}'>" + (f"<thead>{head}</thead>" if head else "")
                + "".join(rows) + "</table>")

    def checkin(self) -> str:
        if self.plan.next_checkin is None:
            return ""
        moment = escape(when(self.plan.next_checkin, self.plan.local(self.plan.now)))
        # translators: HTML of the PDF (keep the <b> tags); {when} is a date and time
        again = tr("<b>{when}</b>: open Back Spasm Wizard again and answer the questions. "
                   "The plan changes as your back gets better.", when=moment)
        return f"<h2>{escape(tr('Check in again'))}</h2><p>{again}</p>"

    def progress(self, new_page: bool = False) -> str:
        if self.chart is None:
            return ""
        from ..words import trend
        brk = " style='page-break-before: always'" if new_page else ""
        width, height = self.px(self.chart_size_mm[0]), self.px(self.chart_size_mm[1])
        return (f"<h2{brk}>{escape(tr('Your pain over the days'))}</h2>{image('chart', width, height)}"
                f"<p>{escape(trend(self.chart.points))}</p>")

    adherence: tuple[str, ...] = ()   # sentences: the sessions and exercises done each day
    # The kind of page 1 to put right after its first part (get help), before the rest of
    # page 1: pdf.build_document sets it when that keeps its columns whole on page 1.
    lift: str | None = None

    def done(self) -> str:
        """The doctor's page: what the person did of the plan (the "What now" card's Done)."""
        if not self.adherence:
            return ""
        lines = "".join(f"<li>{escape(line)}</li>" for line in self.adherence)
        return f"<h2>{escape(tr('What you did of the plan'))}</h2><ul>{lines}</ul>"

    def answers(self, new_page: bool = False) -> str:
        rows = [f"<tr><td width='30%'><b>{escape(label)}</b></td><td>{escape(words)}</td></tr>"
                for label, words in answer_lines(self.plan, self.ruleset)]
        brk = " style='page-break-before: always'" if new_page else ""
        return (f"<h2{brk}>{escape(tr('Your answers'))}</h2>"
                + self.grid("answers", "", rows, padding=1.2))

    def why(self) -> str:
        rows = [f"<tr><td width='25%'><b>{escape(what)}</b></td><td>{escape(r.because)}</td>"
                f"<td width='28%' class='small'>{escape(tr('Rule {rule}', rule=r.rule_id))}<br>"
                f"{escape(source_words(r.source))}</td></tr>"
                for what, r in reasons(self.plan)]
        head = "<tr>" + "".join(f"<th align='left'>{escape(t)}</th>" for t in (
            # translators: the heading of a column of the PDF's "Why this plan": the part of the plan
            trp("why column", "Part"),
            # translators: the heading of a column of the PDF's "Why this plan": the reason
            trp("why column", "Why"),
            # translators: the heading of a column of the PDF's "Why this plan"
            trp("why column", "Rule and source"))) + "</tr>"
        return (f"<h2>{escape(tr('Why this plan'))}</h2>"
                + self.grid("why", head, rows, small=True))


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
