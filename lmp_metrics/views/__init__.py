"""What a page or export shows: words, sentences and tables built from ``lmp_metrics.metrics``."""
