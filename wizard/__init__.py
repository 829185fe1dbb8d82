"""Back Spasm Wizard: a personal self-care plan for a sudden lower-back spasm."""

__version__ = "0.1.0"
