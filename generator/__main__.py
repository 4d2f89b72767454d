"""``python -m generator`` is ``digest-site``."""

import sys

from .cli import main

sys.exit(main())
