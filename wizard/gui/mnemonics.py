"""Alt + letter for every control on a page. Kept apart: the first page needs it, and
nothing heavier."""

from __future__ import annotations


class Mnemonics:
    """Gives each control on a page its own Alt+letter, the first free letter of its text.
    The wizard's own buttons keep theirs (Back, Next, Finish, Cancel)."""

    def __init__(self, taken: str = "bnfc") -> None:
        self.taken = set(taken)

    def __call__(self, text: str) -> str:
        plain = text.replace("&", "&&")
        for i, ch in enumerate(plain):
            low = ch.lower()
            if low.isalpha() and low not in self.taken and (i == 0 or not plain[i - 1] == "&"):
                self.taken.add(low)
                return plain[:i] + "&" + plain[i:]
        return plain
