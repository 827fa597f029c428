import { registry } from "@web/core/registry";

/** The salesperson finds the customer's SMS answer in their Odoo inbox (not
 * on their phone), opens the order from it and reads it in the chatter. */
registry.category("web_tour.tours").add("sale_status_automation_first_hour_reply_tour", {
    steps: () => [
        {
            trigger: ".o-mail-Mailbox:contains('Inbox')",
            run: "click",
        },
        {
            trigger:
                ".o-mail-Message:contains('Can you deliver on Friday?') .o-mail-Message-header small a",
            run: "click",
        },
        {
            trigger:
                ".o_form_view .o-mail-Chatter .o-mail-Message:contains('Ada Customer'):contains('Can you deliver on Friday?')",
        },
    ],
});

/** The shop owner opens the WhatsApp message Twilio refused because the
 * customer unsubscribed: skipped, with the reason. */
registry.category("web_tour.tours").add(
    "sale_status_automation_first_hour_whatsapp_unsubscribed_tour",
    {
        steps: () => [
            {
                trigger:
                    ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('Skipped')",
            },
            {
                trigger:
                    ".o_form_view:contains('The customer unsubscribed (Twilio error 21610): their number is on the phone blacklist now.')",
            },
        ],
    }
);

/** A new shop without a Twilio account: "Set it on the Twilio numbers" and
 * "Test call" say what the account lacks and lead to the settings where it
 * is entered; the settings warn that Twilio cannot reach this address. */
registry.category("web_tour.tours").add(
    "sale_status_automation_first_hour_twilio_settings_tour",
    {
        steps: () => [
            {
                trigger: "button[name=action_sale_status_point_inbound_sms]",
                run: "click",
            },
            {
                trigger:
                    ".modal:contains('The Twilio account of'):contains('lacks the Account SID')",
            },
            {
                trigger: ".modal footer button:contains('Close')",
                run: "click",
            },
            {
                trigger: "body:not(:has(.modal))",
            },
            {
                trigger: ".o_sale_status_webhook_warning:contains('Twilio cannot reach 127.0.0.1')",
            },
            {
                trigger: "button:contains('Test call')",
                run: "click",
            },
            {
                trigger: ".modal .o_field_widget[name=number] input",
                run: "edit +32 470 12 34 56",
            },
            {
                trigger: ".modal footer button:contains('Call now')",
                run: "click",
            },
            {
                trigger: ".modal:contains('lacks the Account SID'):contains('the Auth Token, the phone numbers')",
            },
            {
                trigger: ".modal footer button:contains('Go to the Settings')",
                run: "click",
            },
            {
                trigger: ".o_setting_box#sms",
            },
        ],
    }
);

/** The shop owner writes an SMS with placeholders: the counter under the text
 * counts it as the customer gets it, against the company's limit. */
registry.category("web_tour.tours").add("sale_status_automation_first_hour_sms_counter_tour", {
    steps: () => [
        {
            trigger: ".o_notebook .nav-link:contains('SMS')",
            run: "click",
        },
        {
            trigger: ".o_sale_status_sms_length:contains('/200 characters on'):contains('1 SMS (GSM-7)')",
        },
        {
            trigger: ".o_field_widget[name=sms_body] textarea",
            run: "edit {{ object.name }} is paid, thank you! ✓",
        },
        {
            trigger: ".o_form_view .o_form_label:contains('Name'), .o_form_view .oe_title",
            run: "click",
        },
        {
            trigger: ".o_sale_status_sms_length:contains('1 SMS (Unicode)')",
        },
        {
            trigger: "body:not(:has(.o_sms_count))",
        },
        {
            trigger: ".o_form_button_cancel",
            run: "click",
        },
        {
            trigger: ".o_sale_status_sms_length:contains('1 SMS (GSM-7)')",
        },
    ],
});
