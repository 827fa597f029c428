import { registry } from "@web/core/registry";

/** The operator sees the whisper inside the conversation, between the
 * messages it was written between, marked as seen by the staff only. */
registry.category("web_tour.tours").add("sale_status_automation_whisper_tour", {
    steps: () => [
        {
            trigger: ".o-mail-Message-content:contains('Where is my parcel?')",
        },
        {
            trigger:
                ".o-mail-Message:contains('Where is my parcel?') ~ " +
                ".o-sale-status-whisper:contains('VIP customer, grant the discount') ~ " +
                ".o-mail-Message:contains('It left this morning')",
        },
        {
            trigger:
                ".o-sale-status-whisper:contains('VIP customer, grant the discount')" +
                ":contains('Whisper'):contains('staff only')",
        },
    ],
});
