# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import timedelta

import pytz

from odoo import models

from ..tools.timing import first_timezone, next_opening

# How far ahead the next sending window is looked for: past a week of
# public holidays, a rule would rather wait than look further.
HORIZONS = (timedelta(days=8), timedelta(days=400))


class ResourceCalendar(models.Model):
    _inherit = "resource.calendar"

    def _sale_status_next_opening(self, moment, tz_name=None):
        """The first moment at or after ``moment`` (naive UTC) inside these
        working hours and outside their public holidays (the calendar's
        leaves for everyone), read in ``tz_name`` (the customer's time
        zone) when it is known, else in the calendar's."""
        self.ensure_one()
        tz = first_timezone(tz_name, self.tz)
        start = pytz.utc.localize(moment)
        for horizon in HORIZONS:
            intervals = self._work_intervals_batch(start, start + horizon, tz=tz)[False]
            opening = next_opening(start, ((begin, end) for begin, end, _ in intervals))
            if opening:
                return opening.astimezone(pytz.utc).replace(tzinfo=None)
        return moment + HORIZONS[-1]
