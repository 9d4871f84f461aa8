# SPDX-License-Identifier: GPL-2.0-only
"""Offline analysis of expressroute-sim run directories and expressroute-sweep sweep directories:
schema-checked loaders (:mod:`.io`), pure metrics (:mod:`.metrics`), figures (:mod:`.plots`), an
HTML report (:mod:`.report`) and a command line (:mod:`.cli`; ``python3 -m expressroute_analysis``).
"""

__version__ = "0.1.0"
