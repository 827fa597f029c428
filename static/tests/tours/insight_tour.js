import { registry } from "@web/core/registry";

/** A sales manager opens Automation Results: the pivot counts each rule's
 * messages, test sends aside until the filter is taken off. */
const ROW = ".o_pivot tbody tr:has(th:contains('Insight rule'))";

registry.category("web_tour.tours").add("sale_status_automation_insight_tour", {
    steps: () => [
        {
            trigger: ".o_pivot thead th:contains('Count')",
        },
        {
            // One column: every outcome together.
            trigger: ".o_pivot thead .o_pivot_header_cell_opened:contains('Total')",
            run: "click",
        },
        {
            trigger: `${ROW} td:text(9)`,
        },
        {
            trigger: ".o_searchview_facet:contains('Sent to customers') .o_facet_remove",
            run: "click",
        },
        {
            trigger: `${ROW} td:text(10)`,
        },
        {
            trigger: ".o_searchview_dropdown_toggler",
            run: "click",
        },
        {
            trigger: ".o_filter_menu .o-dropdown-item:contains('Needs attention')",
            run: "click",
        },
        {
            // Failed or unknown in the last 7 days, the failed test send aside.
            trigger: `${ROW} td:text(3)`,
        },
    ],
});

/** The rules board: each card counts the last 30 days, failures too. */
registry.category("web_tour.tours").add("sale_status_automation_board_counters_tour", {
    steps: () => [
        {
            trigger:
                ".o_kanban_record:contains('Insight rule') a:contains('4 sent'):contains('50% delivered'):contains('2 failed')",
        },
        {
            trigger:
                ".o_kanban_record:contains('All failed') a:contains('0 sent'):contains('0% delivered'):contains('2 failed')",
        },
        {
            trigger: ".o_kanban_record:contains('Insight rule') a:contains('4 sent')",
            run: "click",
        },
        {
            trigger: ".o_searchview_facet:contains('Insight rule')",
        },
        {
            trigger: ".o_list_view",
        },
    ],
});
