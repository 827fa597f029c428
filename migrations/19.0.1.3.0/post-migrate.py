# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    """The seeded trigger of the shipping event took orders to Delivered: it
    takes them to Shipped now, unless someone edited it since it was
    installed (then it is theirs). Triggers users made stay as they are."""
    env = api.Environment(cr, SUPERUSER_ID, {})
    ref = env.ref
    trigger = ref("sale_status_automation.trigger_shipped", raise_if_not_found=False)
    delivered = ref("sale_status_automation.stage_delivered", raise_if_not_found=False)
    shipped = ref("sale_status_automation.stage_shipped", raise_if_not_found=False)
    if not (trigger and delivered and shipped):
        return
    # Seeded: made by the installation that made the seeded statuses (a
    # trigger the user made instead of a deleted one may bear its name now).
    seeded = trigger.create_date == shipped.create_date
    untouched = trigger.write_date == trigger.create_date
    if seeded and untouched and trigger.stage_id == delivered:
        trigger.stage_id = shipped
