"""The window: a QWizard that collects answers and shows the plan. Knows no clinical facts."""

from ..featurecheck import load_pyside

load_pyside()
