"""Entry point for ``python -m lmp_metrics``."""

import sys

from lmp_metrics.commands import main

sys.exit(main())
