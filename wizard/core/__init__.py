"""The core: answers, rule set, engine and plan. Imports neither Qt nor anything slow."""
