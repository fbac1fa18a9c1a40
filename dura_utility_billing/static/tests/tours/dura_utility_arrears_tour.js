import { registry } from "@web/core/registry";

/**
 * The utility office (demo user utility) opens Utilities / Reporting / Aged Arrears: the pivot
 * by utility and quarter with the days-past-due buckets, then the list of the open documents.
 */
registry.category("web_tour.tours").add("dura_utility_aged_arrears", {
    steps: () => [
        { content: "Open the apps menu", trigger: ".o_navbar_apps_menu button", run: "click" },
        {
            trigger: ".o_app[data-menu-xmlid='dura_municipality.menu_municipality_root']",
            run: "click",
        },
        {
            content: "Utilities",
            trigger: ".o_main_navbar button[data-menu-xmlid='dura_utility_billing.menu_utility_root']",
            run: "click",
        },
        {
            content: "Reporting / Aged Arrears",
            trigger: ".dropdown-item[data-menu-xmlid='dura_utility_billing.menu_utility_arrears_report']",
            run: "click",
        },
        {
            content: "The pivot has the days-past-due buckets as columns (a second header row)",
            trigger: ".o_pivot table thead tr:nth-child(2) th",
        },
        {
            content: "and amounts in its cells",
            trigger: ".o_pivot table tbody .o_pivot_cell_value:not(:empty)",
        },
        {
            content: "The list of the open documents",
            trigger: ".o_switch_view.o_list",
            run: "click",
        },
        {
            content: "One row per open document, with its days past due",
            trigger: ".o_list_view .o_data_row .o_data_cell[name=days_overdue]",
        },
    ],
});
