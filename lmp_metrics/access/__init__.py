"""Who may see what: grants and roles, the shared filters, small-group suppression."""
