import { registry } from "@web/core/registry";

/** A sales manager sends a failed execution again from its form: the
 * dialog lists it first, says what it did, then the execution is scheduled. */
registry.category("web_tour.tours").add("sale_status_automation_log_actions_tour", {
    steps: () => [
        {
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('Failed')",
        },
        {
            trigger: ".o_form_view .o_statusbar_buttons button:contains('Send again')",
            run: "click",
        },
        {
            trigger:
                ".modal .o_field_widget[name=actionable_ids] .o_data_row:contains('Tour retry')",
        },
        {
            trigger: ".modal:contains('These messages are sent to the customers again, now.')",
        },
        {
            trigger: ".modal footer button.btn-primary:contains('Send again')",
            run: "click",
        },
        {
            // The dialog says what it did.
            trigger:
                ".modal .alert-success:contains('Scheduled to be sent again now:'):contains('Tour retry')",
        },
        {
            trigger: ".modal footer button:contains('Close')",
            run: "click",
        },
        {
            trigger: "body:not(:has(.modal))",
        },
        {
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('Scheduled')",
        },
    ],
});
