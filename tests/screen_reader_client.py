"""A screen reader's client for the tests: sees and drives the app through AT-SPI alone.

It runs under Debian's /usr/bin/python3, where python3-pyatspi lives (the venv's Python cannot
import it), inside the D-Bus session that the test starts (dbus-run-session), on the test's
Xvfb display. It starts the app itself, so that both are on the same accessibility bus, then
answers requests from the test, one JSON object a line on stdin, one a line on stdout after
the word "reader:" (the bus's own services print to the same stdout):

    {"op": "tree"}                               every control on screen, in reading order
    {"op": "find", "role": R, "name": N}         waits until one is on screen
    {"op": "do", "role": R, "name": N, "action": A}    an AT-SPI action ("Press", "Toggle")
    {"op": "set_value", "role": R, "name": N, "value": V}   the Value interface
    {"op": "hold_scroll_area"}, {"op": "ask_held", "index": I}   a child asked for later,
                                                 by an index counted before
    {"op": "quit"}                               closes the app; its exit code and stderr

Everything here is what Orca could do: no Qt, no widget of the app is ever touched.
Usage: screen_reader_client.py STDERR_FILE APP ARGV...
"""

from __future__ import annotations

import json
import subprocess
import sys
import time

import gi

gi.require_version("Atspi", "2.0")
import pyatspi  # noqa: E402
from gi.repository import Atspi, GLib  # noqa: E402

# The states a screen reader says or acts on.
STATES = {
    pyatspi.STATE_CHECKED: "checked", pyatspi.STATE_FOCUSABLE: "focusable",
    pyatspi.STATE_FOCUSED: "focused", pyatspi.STATE_ENABLED: "enabled",
    pyatspi.STATE_SENSITIVE: "sensitive", pyatspi.STATE_CHECKABLE: "checkable",
    pyatspi.STATE_PRESSED: "pressed", pyatspi.STATE_EXPANDED: "expanded",
    pyatspi.STATE_MODAL: "modal", pyatspi.STATE_EDITABLE: "editable",
}
WAIT = 20.0  # seconds for the app and for anything asked for to appear
SETTLE = 0.15  # seconds after a press, for its animated click


class Gone(Exception):
    """What was asked for is not on screen."""


def on_screen(node: Atspi.Accessible) -> bool:
    states = node.get_state_set()
    return states.contains(Atspi.StateType.SHOWING) and states.contains(Atspi.StateType.VISIBLE)


def describe(node: Atspi.Accessible) -> dict:
    """What a screen reader can say of one node."""
    states = node.get_state_set()
    found = {
        "role": node.get_role_name(),
        "name": node.get_name() or "",
        "description": node.get_description() or "",
        "states": sorted(word for state, word in STATES.items() if states.contains(state)),
        "actions": [],
        "value": None,
        "text": None,
        "image": None,
    }
    action = node.get_action_iface()
    if action is not None:
        found["actions"] = [action.get_action_name(i) for i in range(action.get_n_actions())]
    value = node.get_value_iface()
    if value is not None:
        found["value"] = {"current": value.get_current_value(),
                          "minimum": value.get_minimum_value(),
                          "maximum": value.get_maximum_value()}
    text = node.get_text_iface()
    if text is not None:
        found["text"] = text.get_text(0, text.get_character_count())
    image = node.get_image_iface()
    if image is not None:
        found["image"] = {"description": image.get_image_description() or ""}
    return found


def walk(node: Atspi.Accessible, out: list) -> None:
    """Depth first, as a screen reader reads: each node on screen, then its children."""
    for i in range(node.get_child_count()):
        child = node.get_child_at_index(i)
        if child is None or not on_screen(child):
            continue
        out.append((child, describe(child)))
        walk(child, out)


class Reader:
    def __init__(self, command: list[str], stderr_file: str) -> None:
        self.errors = open(stderr_file, "wb")  # noqa: SIM115 - kept open while the app runs
        self.app_process = subprocess.Popen(command, stdin=subprocess.DEVNULL,
                                            stdout=subprocess.DEVNULL, stderr=self.errors)
        self.app = self._wait_for_app()

    def _wait_for_app(self) -> Atspi.Accessible:
        desktop = Atspi.get_desktop(0)
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            if self.app_process.poll() is not None:
                raise SystemExit(f"the app ended with {self.app_process.returncode} before it showed")
            for i in range(desktop.get_child_count()):
                app = desktop.get_child_at_index(i)
                if app is not None and app.get_process_id() == self.app_process.pid:
                    # No cache: each question goes to the app, so nothing read is stale (this
                    # client runs no main loop, which is what would keep a cache up to date).
                    app.set_cache_mask(Atspi.Cache.NONE)
                    if app.get_child_count():
                        return app
            time.sleep(0.2)
        raise SystemExit("the app did not appear on the accessibility bus")

    def nodes(self) -> list:
        """Every node on screen. A page that changes while it is read (a widget deleted between
        two questions) is read again, as a screen reader does on the next event."""
        for attempt in range(20):
            out: list = []
            try:
                walk(self.app, out)
                return out
            except GLib.Error:
                if self.app_process.poll() is not None:
                    raise Gone(f"the app ended with {self.app_process.returncode}") from None
                time.sleep(0.1)
        raise Gone("the page kept changing while it was read")

    def find(self, role: str, name: str, timeout: float = WAIT) -> Atspi.Accessible:
        deadline = time.monotonic() + timeout
        while True:
            matches = [node for node, seen in self.nodes()
                       if seen["role"] == role and seen["name"] == name]
            if len(matches) == 1:
                return matches[0]
            if len(matches) > 1:
                raise Gone(f"{len(matches)} of {role} {name!r} on screen: a reader cannot tell them apart")
            if time.monotonic() > deadline:
                on = [f"{s['role']} {s['name']!r}" for _, s in self.nodes() if s["name"]]
                raise Gone(f"no {role} {name!r} on screen; on screen: {on}")
            time.sleep(0.1)

    def handle(self, request: dict) -> dict:
        op = request["op"]
        if op == "tree":
            return {"nodes": [seen for _, seen in self.nodes()]}
        if op == "find":
            return {"node": describe(self.find(request["role"], request["name"],
                                               request.get("timeout", WAIT)))}
        if op == "do":
            node = self.find(request["role"], request["name"])
            action = node.get_action_iface()
            names = [action.get_action_name(i) for i in range(action.get_n_actions())] if action else []
            if request["action"] not in names:
                raise Gone(f"{request['role']} {request['name']!r} has no action "
                           f"{request['action']!r}, only {names}")
            done = action.do_action(names.index(request["action"]))
            if request["action"] == "Press":
                # Qt presses a button as an animated click, 100 ms later: a second press
                # must not come before it. The page it opens is read while it changes.
                time.sleep(SETTLE)
            return {"done": done}
        if op == "set_value":
            node = self.find(request["role"], request["name"])
            return {"done": node.get_value_iface().set_current_value(float(request["value"]))}
        if op == "hold_scroll_area":
            # What a screen reader keeps between two events: the page's scroll area and how
            # many children it had (its view and its scroll bar).
            bars = [node for node, seen in self.nodes() if seen["role"] == "scroll bar"]
            if len(bars) != 1:
                raise Gone(f"{len(bars)} scroll bars on screen, not one")
            self.held = bars[0].get_parent().get_parent()
            return {"children": self.held.get_child_count()}
        if op == "ask_held":
            child = self.held.get_child_at_index(request["index"])
            return {"role": child.get_role_name() if child is not None else None}
        if op == "quit":
            return self.quit()
        raise Gone(f"no such request: {op}")

    def quit(self) -> dict:
        if self.app_process.poll() is None:
            self.app_process.terminate()
        try:
            code = self.app_process.wait(10)
        except subprocess.TimeoutExpired:
            self.app_process.kill()
            code = self.app_process.wait()
        self.errors.close()
        return {"exit": code}


def say(answer: dict) -> None:
    print("reader:", json.dumps(answer), flush=True)


def main() -> None:
    reader = Reader(sys.argv[2:], sys.argv[1])
    say({"ready": True})
    for line in sys.stdin:
        try:
            answer = reader.handle(json.loads(line))
        except Gone as problem:
            answer = {"error": str(problem)}
        except Exception as problem:  # the test shows it; the app must still be closed
            answer = {"error": f"{type(problem).__name__}: {problem}"}
        say(answer)
        if answer.get("exit") is not None:
            return
    reader.quit()


if __name__ == "__main__":
    main()
