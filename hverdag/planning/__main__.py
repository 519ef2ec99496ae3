"""``python -m hverdag.planning``: see :mod:`hverdag.planning.cli`."""

import sys

from hverdag.planning.cli import main

sys.exit(main())
