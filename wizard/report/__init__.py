"""The plan as a document: plan -> HTML -> QTextDocument -> PDF. Uses QtGui, never widgets."""
