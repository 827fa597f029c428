import { registry } from "@web/core/registry";

/** A sales manager opens Automation Results: the pivot counts each rule's
 * outcomes for customers, test sends, sandbox runs and cancelled runs aside
 * until the filters are taken off. */
const ROW = ".o_pivot tbody tr:has(th:contains('Insight rule'))";

registry.category("web_tour.tours").add("sale_status_automation_insight_tour", {
    steps: () => [
        {
            trigger: ".o_pivot thead th:contains('Count')",
        },
        {
            // The default filters select what their names say: no
            // Cancelled or Scheduled column.
            trigger:
                ".o_pivot thead:has(th:contains('Skipped')):has(th:contains('Failed')):not(:has(th:contains('Cancelled'))):not(:has(th:contains('Scheduled')))",
        },
        {
            trigger: ".o_searchview_facet:contains('For customers (no tests, no sandbox)')",
        },
        {
            // One column: every outcome together.
            trigger: ".o_pivot thead .o_pivot_header_cell_opened:contains('Total')",
            run: "click",
        },
        {
            trigger: `${ROW} td:text(8)`,
        },
        {
            trigger: ".o_searchview_facet:contains('Finished (not cancelled)') .o_facet_remove",
            run: "click",
        },
        {
            // The cancelled run.
            trigger: `${ROW} td:text(9)`,
        },
        {
            trigger: ".o_searchview_facet:contains('For customers') .o_facet_remove",
            run: "click",
        },
        {
            // The test send and the sandbox run.
            trigger: `${ROW} td:text(11)`,
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

/** The rules board: each card counts the last 30 days, sent, delivered and
 * failed apart; a counter opens exactly what it counts. */
registry.category("web_tour.tours").add("sale_status_automation_board_counters_tour", {
    steps: () => [
        {
            trigger:
                ".o_kanban_record:contains('Insight rule') .o_sale_status_rule_counters:contains('3 sent'):contains('2 delivered'):contains('(67%)'):contains('2 failed'):contains('1 unknown')",
        },
        {
            // No delivery was ever reported for it: no rate.
            trigger:
                ".o_kanban_record:contains('All failed') .o_sale_status_rule_counters:contains('0 sent'):contains('2 failed'):not(:contains('delivered'))",
        },
        {
            trigger: ".o_kanban_record:contains('Insight rule') a.o_sale_status_counter_sent",
            run: "click",
        },
        {
            trigger: ".o_breadcrumb:contains('Insight rule: sent in the last 30 days')",
        },
        {
            trigger:
                ".o_list_view tbody:has(.o_data_row:nth-child(3)):not(:has(.o_data_row:nth-child(4)))",
        },
    ],
});
