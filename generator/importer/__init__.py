"""`proposal-archive import`: documents (text extracted from PDFs and Word files, or PDFs) →
proposal files. See docs/import.md.

    decode (bytes → lines) → blocks → fields, tables, Markdown (document.py) → emit → write
"""

from .command import add_arguments, run

__all__ = ["add_arguments", "run"]
