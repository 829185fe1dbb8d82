"""Alt + letter for every control on a page. Kept apart: the first page needs it, and
nothing heavier."""

from __future__ import annotations

from ..i18n import tr


def wizard_buttons() -> tuple[str, str, str, str, str]:
    """The wizard's own buttons, with their Alt + letter: Back, Next, Finish, Cancel, Help."""
    # translators: a button of the wizard; the letter after & is its Alt + letter: keep one &, and give Back, Next, Finish and Cancel four different letters
    return (tr("&Back"), tr("&Next"), tr("&Finish"), tr("&Cancel"),
            # translators: the wizard's Help button; the letter after & is its Alt + letter
            tr("&Help"))


def button_letters() -> str:
    """The letters that the wizard's Back, Next, Finish and Cancel use (in English 'bnfc')."""
    letters = []
    for text in wizard_buttons()[:4]:
        plain = text.replace("&&", "")
        at = plain.find("&")
        if 0 <= at < len(plain) - 1:
            letters.append(plain[at + 1].lower())
    return "".join(letters)


class Mnemonics:
    """Gives each control on a page its own Alt+letter, the first free letter of its text.
    The wizard's own buttons keep theirs (Back, Next, Finish, Cancel), in the language in use."""

    def __init__(self, taken: str | None = None) -> None:
        self.taken = set(button_letters() if taken is None else taken)

    def __call__(self, text: str) -> str:
        plain = text.replace("&", "&&")
        for i, ch in enumerate(plain):
            low = ch.lower()
            if low.isalpha() and low not in self.taken and (i == 0 or not plain[i - 1] == "&"):
                self.taken.add(low)
                return plain[:i] + "&" + plain[i:]
        return plain
