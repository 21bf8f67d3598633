"""SQL in, DataFrames out: one module per subject. No words for pages, no figures."""
