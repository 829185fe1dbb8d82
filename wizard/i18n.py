"""The app's words in the person's language (issue 13).

Every sentence a person reads goes through `tr` (or `trn` for a count, `trp` for a word
whose meaning needs a context): a whole sentence with named placeholders, translated, then
filled in. The catalogues are gettext's (`wizard/locale/LANG/LC_MESSAGES/spasm-wizard.po`,
compiled to `.mo`): Poedit, Weblate and Qt Linguist's gettext mode all read them. The
standard library reads the compiled catalogue, so the core and the command line need no Qt.

The rule set's texts are not here: they are translated in `rules/locale/LANG/*.yaml`.

    python -m wizard.i18n extract   # the template from the code, merged into each .po
    python -m wizard.i18n compile   # each .po to its .mo (committed; a test checks them)

`en-XA` is a pseudo-language: every text longer by 40% and marked [like this], so a test
can find a text that is cut off, or one that was never translated.
"""

from __future__ import annotations

import os
from datetime import date, datetime
from pathlib import Path
from typing import Any

DOMAIN = "spasm-wizard"
ENGLISH = "en"
PSEUDO = "en-XA"
# The languages shipped, in their own words (the Welcome page's choice).
LANGUAGES = {"en": "English", "de": "Deutsch"}
LOCALE_DIR = Path(__file__).with_name("locale")


class _English:
    """No catalogue: the source texts as they are."""

    def gettext(self, message: str) -> str:
        return message

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return singular if n == 1 else plural

    def pgettext(self, context: str, message: str) -> str:
        return message

    def npgettext(self, context: str, singular: str, plural: str, n: int) -> str:
        return self.ngettext(singular, plural, n)


class _Pseudo(_English):
    """en-XA: each text 40% longer and marked at both ends, its placeholders kept."""

    def gettext(self, message: str) -> str:
        return pseudo(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return pseudo(singular if n == 1 else plural)

    def pgettext(self, context: str, message: str) -> str:
        return message if context == "Qt date format" else pseudo(message)


# Each language's plural rule (the catalogue's Plural-Forms, here as code: gettext would
# compile the header's C expression at every start, 4 ms of it).
PLURAL_RULES = {"de": lambda n: int(n != 1)}


class _Catalogue(_English):
    """A compiled gettext catalogue (.mo), read with struct alone."""

    def __init__(self, data: bytes, plural) -> None:  # noqa: ANN001
        import struct
        magic, _, count, ids_at, strs_at = struct.unpack_from("<5I", data)
        if magic != 0x950412DE:
            raise ValueError("not a little-endian GNU .mo file")
        self.plural = plural
        self.messages: dict[str, str] = {}
        self.plurals: dict[str, list[str]] = {}
        for i in range(count):
            id_len, id_at = struct.unpack_from("<2I", data, ids_at + 8 * i)
            str_len, str_at = struct.unpack_from("<2I", data, strs_at + 8 * i)
            key = data[id_at:id_at + id_len].decode()
            value = data[str_at:str_at + str_len].decode()
            if "\x00" in key:      # singular NUL plural: the forms, NUL between
                self.plurals[key.split("\x00", 1)[0]] = value.split("\x00")
            elif key:
                self.messages[key] = value

    def gettext(self, message: str) -> str:
        text = self.messages.get(message)
        if text is None:  # the singular of a plural text: its form for 1, as gettext's
            forms = self.plurals.get(message)
            return forms[min(self.plural(1), len(forms) - 1)] if forms else message
        return text

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        forms = self.plurals.get(singular)
        if forms is None:
            return singular if n == 1 else plural
        return forms[min(self.plural(n), len(forms) - 1)]

    def pgettext(self, context: str, message: str) -> str:
        return self.gettext(f"{context}\x04{message}").rpartition("\x04")[2]

    def npgettext(self, context: str, singular: str, plural: str, n: int) -> str:
        forms = self.plurals.get(f"{context}\x04{singular}")
        if forms is None:
            return singular if n == 1 else plural
        return forms[min(self.plural(n), len(forms) - 1)]


_ACCENTED = str.maketrans("aeiouycnAEIOUYCN", "áéíóúýçñÁÉÍÓÚÝÇÑ")
_PAD = "·" * 4


def pseudo(text: str) -> str:
    """'Next' -> '[Ñéxt ····]': letters accented outside {placeholders}, 40% longer (as
    German and Finnish often are), in words of four so that it wraps as a sentence would."""
    if not text.strip():
        return text
    out, depth = [], 0
    for ch in text:
        depth += ch == "{"
        out.append(ch if depth else ch.translate(_ACCENTED))
        depth -= ch == "}" and depth > 0
    extra = max(1, round(len(text) * 0.4))
    pad = " ".join([_PAD] * (extra // 5) + (["·" * (extra % 5)] if extra % 5 else []))
    return f"[{''.join(out)} {pad}]"


_catalogue: Any = _English()
_language = ENGLISH


def language() -> str:
    """The language in use: 'en', 'de' or 'en-XA'."""
    return _language


def available() -> tuple[str, ...]:
    return tuple(LANGUAGES)


def normalise(code: str | None) -> str:
    """'de_DE.UTF-8' -> 'de', 'de-AT' -> 'de', 'en_XA' -> 'en-XA', 'C' -> 'en'; '' if none."""
    code = (code or "").strip().split(".")[0].split("@")[0].replace("_", "-")
    if not code:
        return ""
    if code.lower() in ("c", "posix"):
        return ENGLISH
    if code.lower() == PSEUDO.lower():
        return PSEUDO
    return code.split("-")[0].lower()


def system_language(environ: os._Environ | dict | None = None) -> str:
    """The system's language as gettext finds it: LANGUAGE (a list), LC_ALL, LC_MESSAGES,
    LANG; '' if none is set. The window adds Qt's system locale where these are unset
    (Windows, macOS)."""
    env = os.environ if environ is None else environ
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "")
        if not value:
            continue
        if name == "LANGUAGE":  # a list by preference: the first one we have
            codes = [normalise(v) for v in value.split(":") if v]
            for code in codes:
                if code in LANGUAGES or code == PSEUDO:
                    return code
            if codes:
                return codes[0]
            continue
        return normalise(value)
    return ""


def resolve(requested: str | None) -> tuple[str, str | None]:
    """The language to use for a request ('de', 'de_AT.UTF-8', 'fr'), and a notice when it
    cannot be had: an unknown language falls back to English, and says so."""
    code = normalise(requested)
    if code in LANGUAGES or code == PSEUDO or not (requested or "").strip():
        return code or ENGLISH, None
    shown = (requested or "").strip()
    shown = shown if len(shown) <= 40 else shown[:40] + "..."  # a value, not a wall of text
    return ENGLISH, (f"The language '{shown}' is not available; using English. "
                     f"Available: {', '.join(LANGUAGES)}.")


def catalogue_file(code: str, suffix: str = ".mo") -> Path:
    return LOCALE_DIR / code / "LC_MESSAGES" / (DOMAIN + suffix)


def set_language(code: str) -> str:
    """Use the catalogue of `code` (already resolved) for every text from now on. A catalogue
    that cannot be read means English: the app must still start."""
    global _catalogue, _language
    if code == PSEUDO:
        _catalogue, _language = _Pseudo(), PSEUDO
        return _language
    if code == ENGLISH or code not in LANGUAGES:
        _catalogue, _language = _English(), ENGLISH
        return _language
    try:
        _catalogue = _Catalogue(catalogue_file(code).read_bytes(), PLURAL_RULES[code])
        _language = code
    except (OSError, ValueError, KeyError, UnicodeDecodeError, __import__("struct").error):
        _catalogue, _language = _English(), ENGLISH  # a damaged install: English, not a crash
    return _language


# --- the words -------------------------------------------------------------------------


def tr(message: str, /, **values: Any) -> str:
    """A whole sentence, translated, with its named placeholders filled in."""
    text = _catalogue.gettext(message)
    return text.format(**values) if values else text


def trn(singular: str, plural: str, n: int, /, **values: Any) -> str:
    """A sentence with a count, in the form the language's plural rules choose; `{n}` is
    the count."""
    return _catalogue.ngettext(singular, plural, n).format(n=n, **values)


def trp(context: str, message: str, /, **values: Any) -> str:
    """A short word whose meaning needs a context ('May' the month, 'Done' the button)."""
    text = _catalogue.pgettext(context, message)
    return text.format(**values) if values else text


def marked(message: str) -> str:
    """Marks a text for the catalogue where it is defined; it is translated where it is shown
    (with `tr`)."""
    return message


def marked_in(context: str, message: str) -> str:
    """Like `marked`, for a word whose meaning needs a context; shown with `trp`."""
    return message


WEEKDAYS = (marked_in("weekday", "Monday"), marked_in("weekday", "Tuesday"),
            marked_in("weekday", "Wednesday"), marked_in("weekday", "Thursday"),
            marked_in("weekday", "Friday"), marked_in("weekday", "Saturday"),
            marked_in("weekday", "Sunday"))
MONTHS = (marked_in("month", "January"), marked_in("month", "February"),
          marked_in("month", "March"), marked_in("month", "April"), marked_in("month", "May"),
          marked_in("month", "June"), marked_in("month", "July"), marked_in("month", "August"),
          marked_in("month", "September"), marked_in("month", "October"),
          marked_in("month", "November"), marked_in("month", "December"))


def weekday_name(day: date) -> str:
    return _catalogue.pgettext("weekday", WEEKDAYS[day.weekday()])


def month_name(day: date) -> str:
    return _catalogue.pgettext("month", MONTHS[day.month - 1])


def clock(moment: datetime) -> str:
    """A time of day as the language writes it: '07:30'."""
    return tr("{hour:02d}:{minute:02d}", hour=moment.hour, minute=moment.minute)


def date_words(day: date, *, year: bool = True) -> str:
    """'Sunday 29 November 2026'; in German 'Sonntag, 29. November 2026'."""
    values = {"weekday": weekday_name(day), "day": day.day, "month": month_name(day),
              "year": day.year}
    if year:
        # translators: a date with its weekday: "Sunday 29 November 2026"
        return tr("{weekday} {day} {month} {year}", **values)
    # translators: a date with its weekday, in the year we are in: "Sunday 29 November"
    return tr("{weekday} {day} {month}", **values)


def short_date(day: date) -> str:
    """'29 Nov': a chart's axis."""
    # translators: a short date on the chart's axis: day and month, e.g. "29/11"
    return tr("{day}/{month}", day=day.day, month=day.month)


if __name__ == "__main__":  # python -m wizard.i18n extract|compile|check
    import sys

    from .i18ntools import main
    sys.exit(main(sys.argv[1:]))
