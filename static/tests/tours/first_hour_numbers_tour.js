import { registry } from "@web/core/registry";

/** Issue 26, items 11 and 18: the Automation Log leaves sandbox runs out
 * by default and says what they are; Send again on a mixed selection sends
 * the failed one, lists the other, and says what it did. */
registry.category("web_tour.tours").add("sale_status_automation_numbers_log_tour", {
    steps: () => [
        {
            trigger: ".o_searchview_facet:contains('For customers (no tests, no sandbox)')",
        },
        {
            trigger: ".o_list_view:not(:has(.o_data_row:contains('Bulk sandbox')))",
        },
        {
            trigger: ".o_searchview_facet:contains('For customers') .o_facet_remove",
            run: "click",
        },
        {
            trigger:
                ".o_data_row:contains('Bulk sandbox') .o_field_widget[name=kind]:contains('Sandbox')",
        },
        {
            trigger: ".o_data_row:contains('Bulk failed') .o_list_record_selector input",
            run: "click",
        },
        {
            trigger: ".o_data_row:contains('Bulk delivered') .o_list_record_selector input",
            run: "click",
        },
        {
            trigger: ".o_control_panel button:contains('Send again')",
            run: "click",
        },
        {
            trigger:
                ".modal .o_field_widget[name=actionable_ids] .o_data_row:contains('Bulk failed')",
        },
        {
            trigger: ".modal .alert-warning:contains('Left out:'):contains('Bulk delivered')",
        },
        {
            trigger: ".modal footer button.btn-primary:contains('Send again')",
            run: "click",
        },
        {
            trigger:
                ".modal .alert-success:contains('Scheduled to be sent again now:'):contains('Bulk failed'):contains('Left out:'):contains('Bulk delivered')",
        },
        {
            trigger: ".modal footer button:contains('Close')",
            run: "click",
        },
        {
            trigger: ".o_data_row:contains('Bulk failed') .o_field_widget[name=state]:contains('Scheduled')",
        },
    ],
});

/** Item 17: Preview automation shows a card per rule: who, what, when in
 * the customer's time, and why it would not leave now. */
registry.category("web_tour.tours").add("sale_status_automation_numbers_preview_tour", {
    steps: () => [
        {
            trigger: ".o_form_view .o_statusbar_buttons button:contains('Preview automation')",
            run: "click",
        },
        {
            trigger:
                ".modal .o_sale_status_preview_card:contains('Held SMS'):contains('Who'):contains('+32470123456'):contains('What'):contains('Your order is paid'):contains('When'):contains('Europe/Brussels')",
        },
        {
            trigger:
                ".modal .o_sale_status_preview_card:contains('Held SMS'):contains('Why not'):contains('Held by the sending hours (Closed today)')",
        },
    ],
});
