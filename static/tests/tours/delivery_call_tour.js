import { registry } from "@web/core/registry";

/** A sales manager adds the library's delivery-day robocall from the rules
 * board, has it read in French by a French neural voice, and lets key 1
 * move the order to Delivered. */
registry.category("web_tour.tours").add("sale_status_automation_delivery_call_tour", {
    steps: () => [
        {
            trigger: ".o_control_panel button:contains('Add from library')",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name=entry_id] label:contains('Delivery day call')",
            run: "click",
        },
        {
            trigger: ".modal:contains('press 1 to confirm someone will be there')",
        },
        {
            trigger: ".modal footer button:contains('Add')",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=summary]:contains('on the delivery date at 09:00')",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=call_language] .o_select_menu_toggler",
            run: "click",
        },
        {
            trigger: ".o_select_menu_item:contains('French (France) (fr-FR)')",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=call_voice_id] input:value(Polly.Lea-Neural (Amazon Polly neural))",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=call_text] textarea",
            run: "edit Bonjour, votre commande {{ object.name }} arrive aujourd'hui.",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=call_question] textarea",
            run: "edit Appuyez sur 1 pour confirmer, sur 2 pour nous parler.",
        },
        {
            trigger: ".o_field_widget[name=call_key_ids] .o_data_row:first .o_data_cell[name=action]",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=call_key_ids] .o_data_row .o_field_widget[name=action] .o_select_menu_toggler",
            run: "click",
        },
        {
            trigger: ".o_select_menu_item:contains('Move the order')",
            run: "click",
        },
        {
            // No trigger moves orders on key 1 yet: the manager chooses where.
            trigger: ".o_field_widget[name=call_key_ids] .o_data_row .o_field_widget[name=stage_id] input",
            run: "edit Delivered",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains('Delivered')",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=call_key_ids] .o_data_row .o_field_widget[name=stage_id] input:value(Delivered)",
        },
        {
            // A rule added from the library starts paused: the manager
            // activates it once it reads right (saving it on the way).
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_activate]",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_pause]",
        },
    ],
});
