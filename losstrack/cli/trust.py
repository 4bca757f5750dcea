"""The commands that say whether the figures can be trusted: corrections, check."""
