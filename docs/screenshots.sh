#!/usr/bin/env bash
# Retake the README's screenshots: the real app in a real window on a virtual screen (Xvfb)
# with a window manager (openbox), driven with the keyboard alone (xdotool). Needs: xvfb
# xdotool openbox imagemagick, Qt's xcb libraries and, for the dark shot, GTK 3 with the
# Adwaita theme (see the README: The window). Usage: docs/screenshots.sh [PYTHON]
set -euo pipefail
cd "$(dirname "$0")/.."
python=${1:-python3}
out=docs/screenshots
mkdir -p "$out"
export DISPLAY=${SHOTS_DISPLAY:-:97} QT_QPA_PLATFORM=xcb  # SHOTS_DISPLAY: another free display
Xvfb "$DISPLAY" -screen 0 1280x900x24 >/dev/null 2>&1 &
xvfb=$!
app=""
trap 'kill $app $wm $xvfb 2>/dev/null || true' EXIT
sleep 1
openbox >/dev/null 2>&1 &
wm=$!
sleep 1

start() {  # a fresh data folder each time: a new person
    SPASM_WIZARD_DATA_DIR=$(mktemp -d) "$python" -m wizard &
    app=$!
    for _ in $(seq 50); do
        win=$(xdotool search --onlyvisible --name "Back Spasm Wizard" 2>/dev/null | head -1) && [ -n "$win" ] && break
        sleep 0.2
    done
    xdotool windowsize "$win" "$1" 720 windowmove "$win" 0 0 windowfocus --sync "$win" 2>/dev/null || true
}
shot() { sleep 0.6; import -window "$win" "$out/$1.png"; }
key() { xdotool key "$@"; sleep 0.3; }
walk() {  # from Welcome to the plan, Enter for Next
    shot 1-welcome;      key Return
    key alt+s;           shot 2-warning-signs;  key Return     # None of these
    xdotool type --delay 80 34; shot 3-about;   key Return
    key alt+y; key alt+l; shot 4-what-happened; key Return     # Yes, lifting
    key alt+e;           shot 5-when;           key Return     # Earlier today
    key alt+m alt+t alt+h                                       # stiff, tight; the pain scale
    for _ in 1 2 3 4 5 6; do key Right; done                     # 6 out of 10
    shot 6-how-it-feels; key Return
    shot 7-review;       key Return
    shot 8-your-plan
}

start 780
walk
kill $app; wait $app 2>/dev/null || true

# Half a laptop screen: every label wraps, nothing scrolls sideways.
start 560
key Return; key alt+s; shot 12-narrow-warning-signs
kill $app; wait $app 2>/dev/null || true

# A dark desktop theme (GTK's Adwaita dark): the window follows the palette.
QT_QPA_PLATFORMTHEME=gtk3 GTK_THEME=Adwaita:dark start 780
key Return; key alt+s; key Return; xdotool type --delay 80 34; key Return
key alt+y; key alt+l; key Return; key alt+e; key Return
key alt+m alt+t alt+h; for _ in 1 2 3 4 5 6; do key Right; done; key Return; key Return
shot 13-dark-your-plan
kill $app; wait $app 2>/dev/null || true

# In German: the system's language (LANG), the same walk with the German letters.
LANG=de_DE.UTF-8 start 780
shot 16-de-welcome; key Return
key alt+k; key Return; xdotool type --delay 80 34; key Return   # Keines davon; 34
key alt+j; key alt+e; key Return; key alt+h; key Return         # Ja, Etwas heben; Heute
key alt+m; key alt+d; key alt+i; sleep 0.5                        # steif, Muskeln; the scale
for _ in 1 2 3 4 5 6; do key Right; done; key space; shot 16b; key Return; key Return
shot 17-de-your-plan
echo "screenshots in $out"
