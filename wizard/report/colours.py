"""The colours of the tones the rule set's labels name (danger, warning, info, ok, neutral):
one table for the window, the PDF and the chart."""

# Banners: white words on each pass WCAG AA (4.5:1) and stay readable printed in black and
# white. The icon's shape and the words carry the meaning too, for people who cannot tell
# the colours apart.
TONES = {"danger": "#b3261e", "warning": "#8a4b00", "info": "#1f4e9c", "ok": "#1e6b34",
         "neutral": "#444444"}

# The chart's phase bands: pale versions of the same.
BANDS = {"danger": "#f6d5d2", "warning": "#fbe3c6", "info": "#d5e3f7", "ok": "#d5ecd9",
         "neutral": "#e6e6e6"}
