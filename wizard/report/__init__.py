"""The plan as a document: plan -> HTML -> QTextDocument -> PDF. Uses QtGui, never widgets."""

# In this order: featurecheck's own imports come before PySide6 checks any, and its answers
# before any other module is named.
from ..featurecheck import answer_in_advance

import PySide6  # noqa: F401, I001

answer_in_advance()
