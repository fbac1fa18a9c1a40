import { registry } from "@web/core/registry";

// At the counter: a citizen with an overdue water bill agrees a payment plan, the officer
// prints the agreement for both to sign.
registry.category("web_tour.tours").add("dura_utility_office_payment_plan", {
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
            trigger: ".dropdown-item[data-menu-xmlid='dura_utility_billing.menu_utility_subscription']",
            run: "click",
        },
        { trigger: ".o_searchview_input", run: "edit W-20452" },
        { trigger: ".o_searchview_input", run: "press Enter" },
        {
            trigger: ".o_data_row .o_data_cell[name=meter_number]:contains('W-20452')",
            run: "click",
        },
        {
            content: "The citizen has arrears: offer a payment plan",
            trigger: ".o_form_view button[name=action_new_payment_plan]",
            run: "click",
        },
        {
            content: "The unpaid bill is selected",
            trigger: ".o_form_view .o_field_widget[name=move_ids] .o_data_row",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=instalment_count] input",
            run: "edit 3",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=down_payment] input",
            run: "edit 43.50",
        },
        { content: "Save the draft", trigger: ".o_form_view .o_form_button_save", run: "click" },
        {
            content: "Its instalments",
            trigger: ".o_form_view .o_form_saved .o_notebook .nav-link[name=instalments]",
            run: "click",
        },
        {
            content: "The schedule: three instalments of 100",
            trigger: ".o_form_view .o_form_saved .o_field_widget[name=line_ids] .o_data_row:eq(2) .o_data_cell[name=amount]:contains('100.00')",
        },
        { content: "Agree", trigger: ".o_form_view button[name=action_agree]", run: "click" },
        { content: "The citizen agrees", trigger: ".modal .modal-footer .btn-primary", run: "click" },
        {
            content: "The plan runs",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current[data-value=running]",
        },
        {
            content: "Print the agreement to sign",
            trigger: ".o_form_view button[name=action_print]",
            run: "click",
        },
        { trigger: "body:not(:has(.o_blockUI))" },
    ],
});
