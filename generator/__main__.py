"""``python -m generator`` is ``digest-site``."""

import sys

from .cli import run

sys.exit(run())
