import { registry } from "@web/core/registry";

const openMenu = (xmlid) => [
    {
        content: "Utilities",
        trigger: ".o_main_navbar button[data-menu-xmlid='dura_utility_billing.menu_utility_root']",
        run: "click",
    },
    { trigger: `.dropdown-item[data-menu-xmlid='dura_utility_billing.${xmlid}']`, run: "click" },
];

// The finance manager reads a policy, runs the day's collection on the demo bills,
// opens a bill at its new level, then waives one late fee with a reason.
registry.category("web_tour.tours").add("dura_utility_finance_collection", {
    steps: () => [
        { content: "Open the apps menu", trigger: ".o_navbar_apps_menu button", run: "click" },
        {
            trigger: ".o_app[data-menu-xmlid='dura_municipality.menu_municipality_root']",
            run: "click",
        },
        ...openMenu("menu_utility_collection_policy"),
        {
            content: "Open a policy",
            trigger: ".o_list_view .o_data_row:first .o_data_cell[name=name]",
            run: "click",
        },
        {
            content: "Its four levels, the notice with its fee",
            trigger: ".o_form_view .o_field_widget[name=level_ids] .o_data_row:nth-child(4)",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=level_ids] .o_data_cell[name=fee_kind]:not(:empty)",
        },
        ...openMenu("menu_utility_collection_run"),
        { content: "A new run", trigger: ".o_list_view .o_list_button_add", run: "click" },
        { content: "Collect now", trigger: ".o_form_view button[name=action_run_now]", run: "click" },
        {
            content: "Done (the demo's overdue bills: notices, fees and SMS in one request)",
            trigger: ".o_form_view .o_statusbar_status button[data-value='done'].o_arrow_button_current",
            timeout: 60000,
        },
        {
            content: "The steps of the run, per level",
            trigger: ".o_form_view button[name=action_view_lines]",
            run: "click",
        },
        { trigger: ".o_list_view .o_group_header", run: "click" },
        { trigger: ".o_list_view .o_data_row:first .o_data_cell[name=move_id]", run: "click" },
        {
            content: "Open the bill from its step",
            trigger: ".o_form_view .o_field_widget[name=move_id] a",
            run: "click",
        },
        {
            content: "The bill's collection page",
            trigger: ".o_form_view .o_notebook .nav-link[name=dura_collection]",
            run: "click",
        },
        {
            content: "Its level, reached today",
            trigger: ".o_form_view .o_field_widget[name=dura_collection_level_id]:not(:empty)",
        },
        { trigger: ".o_form_view .o_field_widget[name=dura_fee_ids] .o_data_row" },
        ...openMenu("menu_utility_late_fees"),
        { content: "A late fee", trigger: ".o_list_view .o_data_row:first .o_data_cell[name=name]", run: "click" },
        { content: "Waive it", trigger: ".o_form_view button[name=action_open_dura_fee_waive]", run: "click" },
        {
            content: "Give the reason",
            trigger: ".modal .o_field_widget[name=reason] textarea",
            run: "edit Meter misread, the bill is corrected",
        },
        { trigger: ".modal button[name=action_waive]", run: "click" },
        {
            content: "Waived: the button is gone",
            trigger: "body:not(:has(.modal)) .o_form_view:not(:has(button[name=action_open_dura_fee_waive]))",
        },
    ],
});
