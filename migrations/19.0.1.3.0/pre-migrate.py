# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).


def migrate(cr, version):
    """The event "Delivered" (every outgoing delivery of the order done) is
    "Shipped": the goods left the warehouse. Triggers keep their status here;
    post-migrate moves the seeded one."""
    cr.execute(
        "UPDATE sale_status_trigger SET event = 'shipped' WHERE event = 'delivery_done'"
    )
    cr.execute(
        "UPDATE ir_model_data SET name = 'trigger_shipped'"
        " WHERE module = 'sale_status_automation' AND name = 'trigger_delivery_done'"
    )
    if cr.rowcount:
        return
    # The seeded trigger was deleted. A trigger of the event for all companies
    # the user made instead takes its name, so that loading the data does not
    # seed a second one, which the one-status-per-event index refuses.
    cr.execute(
        """
        INSERT INTO ir_model_data (module, name, model, res_id, noupdate)
        SELECT 'sale_status_automation', 'trigger_shipped', 'sale.status.trigger',
               id, TRUE
          FROM sale_status_trigger
         WHERE event = 'shipped' AND company_id IS NULL AND active
         ORDER BY id
         LIMIT 1
        """
    )
