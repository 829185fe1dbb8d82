"""The plan as a document: plan -> HTML -> QTextDocument -> PDF. Uses QtGui, never widgets."""

from ..featurecheck import load_pyside

load_pyside()
