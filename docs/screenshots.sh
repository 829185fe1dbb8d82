#!/usr/bin/env bash
# Retake the README's screenshots: the real app in a real window on a virtual screen (Xvfb),
# driven with the keyboard alone (xdotool). Needs: xvfb xdotool imagemagick and Qt's xcb
# libraries (see the README: The window). Usage: docs/screenshots.sh [PYTHON]
set -euo pipefail
cd "$(dirname "$0")/.."
python=${1:-python3}
out=docs/screenshots
mkdir -p "$out"
export DISPLAY=:97 QT_QPA_PLATFORM=xcb SPASM_WIZARD_DATA_DIR=$(mktemp -d)
Xvfb "$DISPLAY" -screen 0 1280x900x24 >/dev/null 2>&1 &
xvfb=$!
trap 'kill $app $xvfb 2>/dev/null || true' EXIT
sleep 1
"$python" -m wizard &
app=$!
for _ in $(seq 50); do
    win=$(xdotool search --name "Back Spasm Wizard" 2>/dev/null | head -1) && [ -n "$win" ] && break
    sleep 0.2
done
xdotool windowsize "$win" 780 720 windowmove "$win" 0 0 windowfocus --sync "$win" 2>/dev/null || true
shot() { sleep 0.6; import -window "$win" "$out/$1.png"; }
key() { xdotool key "$@"; sleep 0.3; }
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
echo "screenshots in $out"
