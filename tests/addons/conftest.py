# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The addons here are other addons, each with its own tests, which need it
installed: a run of sale_status_automation's tests leaves them out, and
make test names their tests folders itself (scripts/test.sh)."""

from pathlib import Path

collect_ignore = [
    path.name for path in Path(__file__).parent.iterdir() if path.is_dir()
]
