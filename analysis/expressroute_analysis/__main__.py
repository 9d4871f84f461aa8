# SPDX-License-Identifier: GPL-2.0-only
"""``python3 -m expressroute_analysis``: see :mod:`expressroute_analysis.cli`."""

import sys

from .cli import main

sys.exit(main())
