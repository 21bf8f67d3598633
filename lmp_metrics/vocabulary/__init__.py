"""The words every layer shares: quarters (and the hierarchy and measures)."""
