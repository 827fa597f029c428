import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";

const CARD = ".o_kanban_record:contains('Tour webhook')";

/** The webhook channel, added by this addon the README's way, on the core
 * screens: its icon on its card, its page and the Send To choice in the
 * rule form. */
registry.category("web_tour.tours").add("test_sale_status_webhook_rule_tour", {
    steps: () => [
        {
            trigger: `${CARD} .o_sale_status_channel[title='Webhook'] i.fa-plug`,
        },
        {
            trigger: `${CARD} .fw-bold:contains('Tour webhook')`,
            run: "click",
        },
        {
            trigger: ".o_form_view .o_notebook .nav-link:contains('Webhook')",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=webhook_url] input",
        },
        {
            // Send To, as the channel declares a recipient.
            trigger: ".o_form_view .o_field_widget[name=recipient] .o_select_menu_toggler",
            run: "click",
        },
        {
            trigger: ".o_select_menu_item:contains('Invoice address')",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=customer_fallback]",
        },
        ...stepUtils.saveForm(),
    ],
});
