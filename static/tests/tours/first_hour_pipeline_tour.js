import { registry } from "@web/core/registry";

/** A shop owner opens a web shop order waiting for its payment: the chatter
 * says that it moved to Quotation sent (issue 26, item 8). */
registry.category("web_tour.tours").add("sale_status_automation_pipeline_traced_tour", {
    steps: () => [
        {
            content: "The order is in Quotation sent",
            trigger:
                ".o_sale_status_pipeline .o_statusbar_status button.o_arrow_button_current:contains('Quotation sent')",
        },
        {
            content: "Its chatter shows the move",
            trigger:
                ".o-mail-Message:has(.o-mail-Message-trackingField:contains('Order Status')) .o-mail-Message-trackingNew:contains('Quotation sent')",
        },
    ],
});

/** A shop owner drags a quotation to Confirmed on the board, then clicks
 * Confirmed on its status bar: both are refused with the action to take.
 * Confirming the order moves it there (issue 26, item 14). */
registry.category("web_tour.tours").add("sale_status_automation_pipeline_required_state_tour", {
    steps: () => [
        {
            content: "The quotation is in New on the board",
            trigger: ".o_kanban_group:has(.o_column_title:contains('New')) .o_kanban_record",
        },
        {
            content: "Drag it to Confirmed",
            trigger: ".o_kanban_group:has(.o_column_title:contains('New')) .o_kanban_record",
            run: "drag_and_drop (.o_kanban_group:has(.o_column_title:contains('Confirmed')))",
        },
        {
            content: "Refused: the order must be confirmed",
            trigger: ".modal:contains('To move it there, confirm it (the Confirm button).')",
        },
        {
            trigger: ".modal .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "It stays in New",
            trigger:
                "body:not(:has(.modal)) .o_kanban_group:has(.o_column_title:contains('New')) .o_kanban_record",
            run: "click",
        },
        {
            content: "The two bars are told apart",
            trigger: ".o_sale_status_pipeline label:contains('Order Pipeline')",
        },
        {
            content: "Click Confirmed on the order's pipeline bar",
            trigger: ".o_sale_status_pipeline .o_statusbar_status button:contains('Confirmed')",
            run: "click",
        },
        {
            content: "Refused again, with the reason",
            trigger: ".modal:contains('that status is for orders in state “Sales Order”')",
        },
        {
            trigger: ".modal .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "Discard the refused change",
            trigger: "body:not(:has(.modal)) .o_form_button_cancel",
            run: "click",
        },
        {
            trigger:
                ".o_sale_status_pipeline .o_statusbar_status button.o_arrow_button_current:contains('New')",
        },
        {
            content: "Confirm the order the Odoo way",
            trigger: ".o_form_statusbar .o_statusbar_buttons button[name=action_confirm]:visible",
            run: "click",
        },
        {
            content: "Now it is in Confirmed",
            trigger:
                ".o_sale_status_pipeline .o_statusbar_status button.o_arrow_button_current:contains('Confirmed')",
        },
    ],
});
