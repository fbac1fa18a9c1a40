import { registry } from "@web/core/registry";

// last month, YYYY-MM: the period the demo's exception reading and water run are for
function lastPeriod() {
    const date = new Date();
    date.setDate(1);
    date.setMonth(date.getMonth() - 1);
    return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, "0")}`;
}

// The meter reading supervisor (demo user supervisor, Arabic, that group only) opens the
// reading exceptions, opens the demo's water reading far above its usual (meter W-20499),
// accepts it with a reason, then starts the period's water billing run.
registry.category("web_tour.tours").add("dura_utility_reading_exception", {
    steps: () => [
        { content: "Open the apps menu", trigger: ".o_navbar_apps_menu button", run: "click" },
        {
            trigger: ".o_app[data-menu-xmlid='dura_municipality.menu_municipality_root']",
            run: "click",
        },
        {
            trigger: ".o_main_navbar button[data-menu-xmlid='dura_utility_billing.menu_utility_root']",
            run: "click",
        },
        {
            content: "Reading Exceptions",
            trigger: ".dropdown-item[data-menu-xmlid='dura_utility_billing.menu_utility_reading_exception']",
            run: "click",
        },
        {
            content: "Open the exception of meter W-20499",
            trigger: ".o_list_view .o_data_row.text-danger .o_data_cell[name=meter_number]:contains('W-20499')",
            run: "click",
        },
        {
            content: "Far above usual, waiting for a decision",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current[data-value=exception]",
        },
        {
            content: "The usual consumption is shown",
            trigger: ".o_form_view .o_field_widget[name=usual_consumption]:contains('15')",
        },
        {
            content: "Decide",
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_dura_decide]",
            run: "click",
        },
        {
            content: "Accept (the default decision)",
            trigger: ".modal .o_field_widget[name=decision] input:checked",
        },
        {
            content: "The reason",
            trigger: ".modal .o_field_widget[name=reason] textarea",
            run: "edit Meter checked on site: a burst pipe, repaired; the household pays it",
        },
        { content: "Confirm", trigger: ".modal button[name=action_confirm]", run: "click" },
        {
            content: "Accepted",
            trigger: ".o_form_view:not(:has(.modal)) .o_statusbar_status button.o_arrow_button_current[data-value=accepted]",
        },
        {
            content: "Billing Runs",
            trigger: ".o_main_navbar button[data-menu-xmlid='dura_utility_billing.menu_utility_root']",
            run: "click",
        },
        {
            trigger: ".dropdown-item[data-menu-xmlid='dura_utility_billing.menu_utility_billing_run']",
            run: "click",
        },
        {
            content: "Open the water run of the period (still a draft)",
            trigger: `.o_list_view .o_data_row:has(.o_data_cell[name=utility]:contains('مياه')):has(.o_data_cell[name=period]:contains('${lastPeriod()}')) .o_data_cell[name=name]`,
            run: "click",
        },
        {
            content: "Nothing waits for a decision any more: start the run",
            trigger: ".o_form_view:not(:has(button[name=action_view_exceptions]:visible)) .o_statusbar_buttons button[name=action_start]",
            run: "click",
        },
        {
            content: "Running",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current[data-value=running]",
        },
    ],
});
