"""A plan in words: local dates, doses and the plain text plan.

One place turns a plan into sentences, so the command line, the window and the PDF say
the same thing. Clinical texts come from the rule set; this module only arranges them.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, NamedTuple

from .core.contract import RED_FLAGS
from .i18n import clock, date_words, language, marked, tr, trn, trp

if TYPE_CHECKING:  # for annotations only: "Welcome back" uses these words before the core loads
    from .core.plan import Item, Plan, Reason
    from .core.ruleset import RuleSet
    from .core.schema import Dose, Kind

def system_reason(exc: BaseException) -> str:
    """Why a file or folder could not be used: the system's words (as before, in English),
    in another language the catalogue's for the common errors. It ends sentences such as
    "cannot write FILE: ..."."""
    import errno
    words = getattr(exc, "strerror", None) or str(exc)
    code = getattr(exc, "errno", None)
    if language() == "en" or code is None:
        return words
    reasons = {  # glibc's words, which the English shows
        # translators: the system's words for why a file could not be used (as in glibc), after "cannot write FILE: "
        errno.ENOENT: marked("No such file or directory"),
        errno.EACCES: marked("Permission denied"),
        errno.EPERM: marked("Operation not permitted"),
        errno.ENOSPC: marked("No space left on device"),
        getattr(errno, "EDQUOT", -1): marked("Disk quota exceeded"),
        errno.EROFS: marked("Read-only file system"),
        errno.EISDIR: marked("Is a directory"),
        errno.ENOTDIR: marked("Not a directory"),
    }
    return tr(reasons[code]) if code in reasons else words


def disclaimer() -> str:
    return tr("This plan is not a diagnosis and does not replace a medical examination. "
              "If something feels seriously wrong, get help now.")


def lowered(text: str) -> str:
    """A title in the middle of a sentence: 'Cold' -> 'cold' in English; German keeps the
    capital of its nouns, and so does a language we do not know."""
    return _lower_first(text) if language() in ("en", "en-XA") else text


def when(moment: datetime, zone_of: datetime | None = None) -> str:
    """'Sunday 29 November 2026 at 07:30', in the zone of `zone_of` (the person's)."""
    if zone_of is not None:
        moment = moment.astimezone(zone_of.tzinfo)
    # translators: a date and a time: "Sunday 29 November 2026 at 07:30"
    return tr("{date} at {time}", date=date_words(moment), time=clock(moment))


def day_words(day) -> str:  # noqa: ANN001
    """'Sunday 29 November 2026': a day, as `when` says it."""
    return date_words(day)


def short_when(moment: datetime, now: datetime) -> str:
    """'today at 14:00', 'tomorrow at 07:30', 'Sunday 29 November at 07:30'."""
    moment = moment.astimezone(now.tzinfo)
    days = (moment.date() - now.date()).days
    time = clock(moment)
    if days == 0:
        return tr("today at {time}", time=time)
    if days == 1:
        return tr("tomorrow at {time}", time=time)
    if days == -1:
        return tr("yesterday at {time}", time=time)
    return tr("{date} at {time}", date=date_words(moment, year=False), time=time)


def duration(delta: timedelta) -> str:
    """'1 day and 4 hours', '35 minutes', 'just now'."""
    minutes = int(abs(delta).total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days >= 7:  # "3 weeks", "1 week and 2 days": the hours no longer matter
        weeks, days = divmod(days, 7)
        return _two(trn("{n} week", "{n} weeks", weeks), days and trn("{n} day", "{n} days", days))
    if days:
        return _two(trn("{n} day", "{n} days", days), hours and trn("{n} hour", "{n} hours", hours))
    if hours:
        return _two(trn("{n} hour", "{n} hours", hours),
                    mins and trn("{n} minute", "{n} minutes", mins))
    return trn("{n} minute", "{n} minutes", mins) if mins else tr("just now")


def _two(larger: str, smaller: str | int) -> str:
    # translators: a length of time in two units: "1 day and 4 hours", "2 weeks and 3 days"
    return tr("{larger} and {smaller}", larger=larger, smaller=smaller) if smaller else larger


def dose(d: Dose | None) -> str:
    """A dose in words: 'Up to 15 minutes, every 2 hours while you are awake.'"""
    if d is None:
        return ""
    parts: list[str] = []
    if d.minutes:
        minutes = trn("{n} minute", "{n} minutes", d.minutes)
        if not d.every_hours:
            parts.append(tr("Up to {minutes}.", minutes=minutes))
        else:
            hours = trn("{n} hour", "{n} hours", d.every_hours)
            parts.append(tr("Up to {minutes}, every {hours} while you are awake.", minutes=minutes,
                            hours=hours) if d.while_awake else
                         tr("Up to {minutes}, every {hours}.", minutes=minutes, hours=hours))
    if d.hold_seconds:
        parts.append(trn("Hold for {n} second.", "Hold for {n} seconds.", d.hold_seconds))
    if d.reps:
        parts.append(trn("Do it up to {n} time on each side.", "Do it up to {n} times on each side.",
                         d.reps) if d.each_side else
                     trn("Do it up to {n} time.", "Do it up to {n} times.", d.reps))
    if d.times_a_day:
        parts.append(trn("Up to {n} time a day.", "Up to {n} times a day.", d.times_a_day))
    return " ".join(parts)


class Section(NamedTuple):
    kind: Kind        # how its items are laid out (advice.yaml's `kinds`)
    title: str
    items: tuple[Item, ...]
    note: str = ""    # a kind with `phase_label` and no item: the phase's label in words


def sections(plan: Plan, ruleset: RuleSet) -> tuple[Section, ...]:
    """The plan's items grouped under the kinds' titles: the kinds of the first page first,
    then the rest, each in the rule set's order. The window, the text and the PDF all use it."""
    out = []
    phase = ruleset.label("phase", plan.phase)
    for kind in sorted(ruleset.kinds, key=lambda k: k.page != "first"):
        items = tuple(i for i in plan.items if i.advice.kind == kind.id)
        if items:
            out.append(Section(kind, kind.title, items))
        elif kind.phase_label and phase is not None:
            # translators: a heading: "Right now: Moist heat"
            out.append(Section(kind, tr("{kind}: {phase}", kind=kind.title, phase=phase.title),
                               (), phase.text))
    return tuple(out)


def item_until(plan: Plan, item: Item) -> datetime | None:
    return plan.dates.get(item.advice.until) if item.advice.until else None


def until_words(plan: Plan, item: Item, now: datetime | None = None) -> str:
    """'until Sunday 29 November at 07:30', the item's words for an open end ('until a
    doctor has checked you'), or ''."""
    until = item_until(plan, item)
    if until is not None:
        return tr("until {when}", when=short_when(until, now or plan.local(plan.now)))
    return item.advice.until_else or ""


def answer_lines(plan: Plan, ruleset: RuleSet) -> list[tuple[str, str]]:
    """Every answer as (label, words): what a doctor reads in ten seconds."""
    return [(label, words) for _, label, words in answer_rows(plan.answers.values, ruleset, plan.local(plan.now))]


def answer_words(q, value, ruleset: RuleSet, now: datetime) -> str:
    """One answer in words, as the person would say it."""
    if q.type == "set":
        texts = [ruleset.option_text(q.id, v) for v in _ordered(q, value, ruleset)]
        return in_one_line(texts) or (q.none_text or tr("None"))
    if q.type == "choice":
        return ruleset.option_text(q.id, value)
    if q.type == "boolean":
        return (q.yes_text or tr("Yes")) if value else (q.no_text or tr("No"))
    if q.type == "datetime":
        return tr("{when} ({how_long} ago)", when=when(value, now), how_long=duration(now - value))
    # An integer: with a unit ("34 years") or on a scale ("6 out of 10").
    # translators: a number and its unit from the rule set: "34 years"
    return tr("{value} {unit}", value=value, unit=q.unit) if q.unit else out_of(value, q.max)


def out_of(value: int, most: int) -> str:
    """'6 out of 10': a value on a scale."""
    return tr("{value} out of {most}", value=value, most=most)


def in_one_line(texts: list[str]) -> str:
    """'Stiff; sharp pain': several answers in one line, joined as one sentence (English
    lowers the first letter of each after the first; German keeps its capitals, so it joins
    them with a separator that needs none)."""
    # translators: what joins several answers in one line: "My back is stiff; sharp pain". German: " · " (the next answer keeps its capital)
    return trp("answers in one line", "; ").join(texts[:1] + [lowered(t) for t in texts[1:]])


def _lower_first(text: str) -> str:
    """'The muscles feel tight' -> 'the muscles feel tight', in the middle of a list; a word
    that is capitals throughout (an 'I', a name in capitals) keeps them."""
    first = text.split(" ", 1)[0]
    if len(first) > 1 and first[1:].islower() or first == "A":
        return text[0].lower() + text[1:]
    return text


def answer_rows(values, ruleset: RuleSet, now: datetime) -> list[tuple[str, str, str]]:
    """(question id, label, words) for every answer given, in question order."""
    return [(q.id, q.short, answer_words(q, values[q.id], ruleset, now))
            for q in ruleset.questions.values() if values.get(q.id) is not None]


SIGNS = RED_FLAGS  # the warning-signs question of CONTRACT.md


def warning_signs(plan: Plan, ruleset: RuleSet) -> list[str]:
    """The warning signs that count for this plan (those ticked now and those remembered
    from earlier check-ins), in the person's words: what to tell the doctor."""
    question = ruleset.question(SIGNS)
    signs = plan.signs or plan.answers.get(SIGNS) or frozenset()
    return [ruleset.option_text(SIGNS, f) for f in _ordered(question, signs, ruleset)]


def _ordered(q, values: frozenset[str], ruleset: RuleSet | None = None) -> list[str]:
    options = ruleset.options(q.id) if ruleset is not None else q.options
    return [o.id for o in options if o.id in values]


def plan_text(plan: Plan, ruleset: RuleSet) -> str:
    """The plan as plain text a person can follow without the window."""
    now = plan.local(plan.now)
    out: list[str] = []
    add = out.append
    add(tr("Your back plan").upper())
    add(tr("Made {when}. Rules {version}.", when=when(now), version=plan.ruleset.version))
    add("")
    triage = ruleset.label("triage", plan.triage)
    if triage:
        banner = triage.title.upper()
        add("=" * (len(banner) + 8))
        add(f"=== {banner} ===")
        add("=" * (len(banner) + 8))
        add(triage.text)
    add("")
    for section in sections(plan, ruleset):
        bold = section.kind.emphasis == "bold"
        add(f"!!! {section.title.upper()} !!!" if bold else section.title.upper())
        if section.note:
            add(_indent(section.note))
        for item in section.items:
            until = until_words(plan, item, now)
            # translators: an item of the plan and how long it lasts: "Cold pack, until tomorrow at 07:30"
            title = tr("{title}, {until}", title=item.advice.title, until=until) if until else item.advice.title
            add(f"{'!' if bold else '*'} {title.upper() if bold else title}")
            add(_indent(item.advice.text))
            for step in item.advice.steps:
                add(_indent("- " + step))
            if item.advice.dose:
                add(_indent(tr("How much: {dose}", dose=dose(item.advice.dose))))
        add("")
    signs = warning_signs(plan, ruleset)
    if signs:
        add(tr("The warning signs you told us about").upper())
        for sign in signs:
            add(f"* {sign}")
        add("")
    if plan.next_checkin:
        add(tr("Check in again").upper())
        add("* " + tr("{when}: run Back Spasm Wizard again to update this plan.",
                      when=when(plan.local(plan.next_checkin))))
        add("")
    add(tr("Your answers").upper())
    for label, words in answer_lines(plan, ruleset):
        add(f"* {label}: {words}")
    add("")
    add(tr("Why this plan").upper())
    for part, reason in reasons(plan):
        add("* " + tr("{part}: {because} (rule {rule}; source: {source})", part=part,
                      because=reason.because, rule=reason.rule_id,
                      source=source_words(reason.source)))
    add("")
    add(disclaimer())
    return "\n".join(out) + "\n"


def changes(previous: dict | None, previous_pain: int | None, plan: Plan,
            ruleset: RuleSet) -> list[str]:
    """What changed since the last check-in, in words: the plan's news first."""
    if previous is None:
        return []
    out = []
    if previous.get("triage") != plan.triage:
        new = ruleset.label("triage", plan.triage)
        out.append(tr("What to do has changed: {new}.", new=lowered(new.title if new else plan.triage)))
    if previous.get("phase") != plan.phase:
        old = ruleset.label("phase", previous.get("phase", ""))
        new = ruleset.label("phase", plan.phase)
        if old and new:
            out.append(tr("The {old} phase is over: now {new}.", old=lowered(old.title),
                          new=lowered(new.title)) + " " + new.text)
    if previous.get("rest_until") and plan.rest_until is None:
        now_rest = ruleset.label("rest", plan.outcomes.get("rest", ""))
        out.append(tr("Your rest period has ended.") + (f" {now_rest.text}" if now_rest else ""))
    pain = plan.answers.get("pain")
    if previous_pain is not None and pain is not None:  # an emergency check-in may have none
        if pain == previous_pain:
            out.append(tr("Your pain is {pain} out of 10, the same as last time.", pain=pain))
        elif pain < previous_pain:
            out.append(tr("Your pain is {pain} out of 10, down from {before} last time.",
                          pain=pain, before=previous_pain))
        else:
            out.append(tr("Your pain is {pain} out of 10, up from {before} last time.",
                          pain=pain, before=previous_pain))
    return out


def history_lines(episode, checkins, corrections, ruleset: RuleSet) -> list[str]:  # noqa: ANN001
    """An episode and its check-ins in words, for `spasm-wizard history`."""
    if episode.sudden_trauma is None:
        cause = tr("cause not given")
    elif episode.sudden_trauma:
        kind = ruleset.option_text("trauma_kind", episode.trauma_kind) if episode.trauma_kind else ""
        cause = tr("a sudden strain ({kind})", kind=kind) if kind else tr("a sudden strain")
    else:
        cause = tr("no sudden strain")
    started = (tr("started {when}", when=when(episode.onset)) if episode.onset
               else tr("start not given yet"))
    state = tr("closed {when}", when=when(episode.closed)) if episode.closed else tr("open")
    # translators: a line of `spasm-wizard history`
    lines = [tr("Episode {id}: {started}, {cause}; {state}.", id=episode.id, started=started,
                cause=cause, state=state)]
    events = [(c.at, 0, c) for c in checkins] + [(k.at, 1, k) for k in corrections]
    for _, order, event in sorted(events, key=lambda e: (e[0], e[1])):
        if order == 1:
            sign = ruleset.option_text(SIGNS, event.value)
            lines.append("  " + tr("{when}: taken back as told by mistake: {sign}.",
                                   when=when(event.at), sign=sign))
            continue
        c = event
        triage = ruleset.label("triage", c.triage)
        phase = ruleset.label("phase", c.phase)
        pain = (tr("pain {pain} out of 10", pain=c.pain) if c.pain is not None
                else tr("no pain score"))
        lines.append("  " + tr("{number}. {when}: {pain}; {triage}; {phase}.", number=c.number,
                               when=when(c.at), pain=pain,
                               triage=triage.title if triage else c.triage,
                               phase=phase.title if phase else c.phase))
        if c.doctor_seen is not None:
            lines.append("     " + (tr("A doctor had checked since the last advice.") if c.doctor_seen
                                    else tr("No doctor had checked yet.")))
        if c.told:
            told = "; ".join(ruleset.option_text(SIGNS, s) for s in c.told)
            lines.append("     " + tr("Warning signs told: {signs}.", signs=told))
    return lines


def trend(points) -> str:  # noqa: ANN001
    """The pain trend of an episode in one sentence, from (moment, pain) points."""
    if not points:
        return ""
    (first_at, first), (last_at, last) = points[0], points[-1]
    if len(points) == 1:
        return tr("One check-in so far: pain {pain} out of 10.", pain=first)
    span = duration(last_at - first_at)
    if last == first:
        return trn("Your pain is the same as {span} ago: {pain} out of 10, over {n} check-in.",
                   "Your pain is the same as {span} ago: {pain} out of 10, over {n} check-ins.",
                   len(points), span=span, pain=last)
    if last < first:
        return trn("Your pain went down from {first} to {last} out of 10 in {span}, over {n} check-in.",
                   "Your pain went down from {first} to {last} out of 10 in {span}, over {n} check-ins.",
                   len(points), first=first, last=last, span=span)
    return trn("Your pain went up from {first} to {last} out of 10 in {span}, over {n} check-in.",
               "Your pain went up from {first} to {last} out of 10 in {span}, over {n} check-ins.",
               len(points), first=first, last=last, span=span)


def reasons(plan: Plan) -> list[tuple[str, Reason]]:
    """Every part of the plan with each rule behind it: "Why this plan"."""
    parts = (("triage", tr("What to do")), ("phase", tr("Cold or heat")))
    rows = [(part, reason) for output, part in parts for reason in plan.reasons.get(output, ())]
    rows += [(item.advice.title, reason) for item in plan.items for reason in item.reasons]
    return rows


def source_words(source) -> str:  # noqa: ANN001
    """A source as a person would cite it: its title, its publisher, and where to read it."""
    words = source.title
    publisher = getattr(source, "publisher", None)
    if publisher and publisher.lower() not in words.lower():
        words += f", {publisher}"
    if (source.where or "").startswith("https://"):
        words += f" ({source.where})"
    return words


def _indent(text: str) -> str:
    return "  " + " ".join(text.split())


def adherence(done, zone) -> list[tuple]:  # noqa: ANN001
    """(day, sessions of cold or heat, exercise times) done each day, from the history's
    Done records (the "What now" card), in the person's local days."""
    days: dict = {}
    for d in done:
        day = d.planned.astimezone(zone).date()
        sessions, exercises = days.get(day, (0, 0))
        days[day] = (sessions + (d.kind == "session"), exercises + (d.kind == "exercises"))
    return [(day, s, e) for day, (s, e) in sorted(days.items())]


def adherence_line(day, sessions: int, exercises: int) -> str:  # noqa: ANN001
    """'On Friday 27 November you did 3 sessions of cold or heat and the exercises 2 times.'"""
    return tr("On {date} you did {sessions} of cold or heat and the exercises {times}.",
              date=date_words(day, year=False),
              sessions=trn("{n} session", "{n} sessions", sessions),
              times=trn("{n} time", "{n} times", exercises))
