import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";

const SHIPPED = ".o_kanban_group:has(.o_column_title:contains('Shipped'))";

/** Item 2: the shop owner opens a whisper rule: its Otherwise offers only to
 * tell the staff, never an SMS to the customer. */
registry.category("web_tour.tours").add("sale_status_automation_whisper_fallback_tour", {
    steps: () => [
        {
            trigger: ".o_form_view .o_field_widget[name=chat_whisper] input:checked",
        },
        {
            // No choice of a channel reaching the customer on a whisper.
            trigger:
                ".o_form_view:not(:has(.o_field_widget[name=fallback_channel])):not(:has(.o_field_widget[name=customer_fallback]))",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=staff_fallback] input",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_notebook .nav-link:contains('Employee')",
        },
        ...stepUtils.saveForm(),
    ],
});

/** Items 3 and 15: quick create a rule in Shipped, whose rules are a chain:
 * the new rule is paused, and once activated it runs last, as the numbers of
 * the cards say. */
registry.category("web_tour.tours").add("sale_status_automation_quick_create_tour", {
    steps: () => [
        {
            trigger: `${SHIPPED} .o_kanban_record:contains('Tour shipping SMS') .o_sale_status_chain_position:contains('1')`,
        },
        {
            // Each card shows its channel's icon (the channel's _icon).
            trigger: `${SHIPPED} .o_kanban_record:contains('Tour shipping SMS') .o_sale_status_channel i.fa-mobile`,
        },
        {
            // The call waits for the shipping SMS: numbered 2, marked "after".
            trigger: `${SHIPPED} .o_kanban_record:contains('Tour delivery call') .o_sale_status_chain_position:contains('2'):has(.fa-level-up)`,
        },
        {
            trigger: `${SHIPPED} .o_kanban_quick_add`,
            run: "click",
        },
        {
            trigger: ".o_kanban_quick_create .o_field_widget[name=name] input",
            run: "edit Tour WhatsApp",
        },
        {
            trigger: ".o_kanban_quick_create .o_kanban_add",
            run: "click",
        },
        {
            trigger: `${SHIPPED} .o_kanban_record:contains('Tour WhatsApp') .o_sale_status_paused:contains('Paused')`,
        },
        {
            // Paused: no place in the chain yet, and the others keep theirs.
            trigger: `${SHIPPED} .o_kanban_record:contains('Tour WhatsApp'):not(:has(.o_sale_status_chain_position))`,
        },
        {
            trigger: `${SHIPPED} .o_kanban_record:contains('Tour delivery call') .o_sale_status_chain_position:contains('2')`,
        },
        {
            trigger: `${SHIPPED} .o_kanban_record:contains('Tour WhatsApp') button[name=action_activate]`,
            run: "click",
        },
        {
            trigger: `${SHIPPED} .o_kanban_record:contains('Tour WhatsApp'):not(:has(.o_sale_status_paused))`,
        },
        {
            // The board again, as it loads: the new rule is last, third.
            trigger: ".o_searchview_input",
            run: "edit Tour",
        },
        {
            trigger: ".o_searchview_input",
            run: "press Enter",
        },
        {
            trigger: `${SHIPPED} .o_kanban_record:last:contains('Tour WhatsApp') .o_sale_status_chain_position:contains('3')`,
        },
        {
            trigger: `${SHIPPED} .o_kanban_record:first:contains('Tour shipping SMS')`,
        },
    ],
});

/** Item 16: the archived Abandoned cart status looks archived on the rules
 * board, and cards of another company say which. */
registry.category("web_tour.tours").add("sale_status_automation_board_tour", {
    steps: () => [
        {
            trigger: ".o_kanban_group .o_column_title:contains('Abandoned cart (archived)')",
        },
        {
            trigger:
                ".o_kanban_record:contains('Tour cart reminder') .o_sale_status_stage_inactive .o_sale_status_stage_archived:contains('Status archived')",
        },
        {
            trigger: ".o_kanban_record:contains('Tour theirs') .o_sale_status_company:contains('Other Shop')",
        },
        {
            trigger: ".o_kanban_record:contains('Tour theirs'):not(:has(.o_sale_status_stage_inactive))",
        },
    ],
});

/** Item 6: in a shop without any order yet, a rule whose subject names a
 * field the order does not have is refused on save, naming the field. */
registry.category("web_tour.tours").add("sale_status_automation_placeholder_tour", {
    steps: () => [
        {
            // The shop's own company, which has no order yet.
            trigger: ".o_switch_company_menu:contains('Brand New Shop'), .o_main_navbar:not(:has(.o_switch_company_menu))",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=name] input",
            run: "edit Tour broken",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=stage_id] input",
            run: "edit Paid",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains('Paid')",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=email_subject] input",
            run: "edit Your order {{ object.no_such_field }}",
        },
        {
            trigger: ".o_form_button_save:enabled",
            run: "click",
        },
        {
            trigger:
                ".modal:contains('object.no_such_field reads no_such_field, which is not a field of Sales Order')",
        },
        {
            trigger: ".modal footer button.btn-primary",
            run: "click",
        },
        {
            trigger: "body:not(:has(.modal))",
        },
        {
            trigger: ".o_form_button_cancel",
            run: "click",
        },
    ],
});

/** Item 4: a robocall whose key 1 moves the order to "Tour porch" is copied
 * to the other company: its key moves orders to that company's "Tour porch",
 * and the copy says so. */
registry.category("web_tour.tours").add("sale_status_automation_copy_keys_tour", {
    steps: () => [
        {
            trigger: ".o_form_view .o_statusbar_buttons button:contains('Copy to…')",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name=company_id] input",
            run: "edit Other Shop",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains('Other Shop')",
            run: "click",
        },
        {
            trigger:
                ".modal .o_field_widget[name=company_changes]:contains('key 1 moves orders to Tour porch (the status of the same name)')",
        },
        {
            trigger: ".modal footer button:contains('Copy')",
            run: "click",
        },
        {
            trigger: ".o_notification:contains('key 1 moves orders to Tour porch')",
        },
        {
            trigger:
                ".o_form_view .o_field_widget[name=call_key_ids] .o_data_row .o_data_cell[name=stage_id]:contains('Tour porch')",
        },
    ],
});
