"""Importing CSV and Excel files into the contract tables: validated, all or nothing, logged.

``import_file`` is shared by the command line (``lmp_metrics.commands.run_import``) and the Import page.
"""

from lmp_metrics.importer.loading import import_history
from lmp_metrics.importer.schema import KINDS
from lmp_metrics.importer.service import ImportResult, import_file

__all__ = ["KINDS", "ImportResult", "import_file", "import_history"]
