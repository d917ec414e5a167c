"""`python -m generator.cli`: the command line as the installed `proposal-archive` runs it."""

import sys

from . import main

sys.exit(main())
