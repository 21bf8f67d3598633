"""Errors shared by every layer.

``UsageError``: a bad argument value (an unknown kind, a missing file, a quarter outside the data).
The command line reports it with exit code 2; any layer may raise it.
"""


class UsageError(Exception):
    """A bad argument value; ``python -m lmp_metrics`` reports it with exit code 2."""
