import { registry } from "@web/core/registry";

// At the utility office: a citizen shows that the meter was misread; the officer opens the
// bill from the subscription, corrects the index and submits the correction.
registry.category("web_tour.tours").add("dura_utility_office_bill_correction", {
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
        { trigger: ".o_searchview_input", run: "edit W-20426" },
        { trigger: ".o_searchview_input", run: "press Enter" },
        {
            trigger: ".o_data_row .o_data_cell[name=meter_number]:contains('W-20426')",
            run: "click",
        },
        {
            content: "The subscription's bills",
            trigger: ".o_form_view button[name=action_view_invoices]",
            run: "click",
        },
        {
            content: "Open last month's bill (400.50)",
            trigger: ".o_list_view .o_data_row:contains('400.50') .o_data_cell:first",
            run: "click",
        },
        {
            content: "Correct the bill",
            trigger: ".o_form_view .o_form_statusbar button[name=action_dura_correct]",
            run: "click",
        },
        {
            content: "A reading correction (the default kind)",
            trigger: ".o_form_view .o_field_widget[name=kind] select",
        },
        {
            content: "The index the meter really showed",
            trigger: ".o_form_view .o_field_widget[name=corrected_value] input",
            run: "edit 3393",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=reason] textarea",
            run: "edit Meter misread: the citizen's photo of the meter shows 3393",
        },
        {
            content: "The corrected amount is previewed before anything is posted",
            trigger: ".o_form_view .o_field_widget[name=amount_difference]:contains('-')",
        },
        {
            content: "Submit it to a finance manager",
            trigger: ".o_form_view button[name=action_submit]",
            run: "click",
        },
        {
            content: "It waits for approval",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current[data-value=to_approve]",
        },
    ],
});

// The finance manager approves it, then checks the credit note and the corrected bill.
registry.category("web_tour.tours").add("dura_utility_finance_bill_correction", {
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
            trigger: ".dropdown-item[data-menu-xmlid='dura_utility_billing.menu_utility_bill_correction']",
            run: "click",
        },
        {
            content: "The correction waiting for approval",
            trigger: ".o_list_view .o_data_row:contains('خالد أبو شرخ') .o_data_cell[name=name]",
            run: "click",
        },
        {
            content: "Approve",
            trigger: ".o_form_view .o_form_statusbar button[name=action_approve]",
            run: "click",
        },
        { content: "Confirm", trigger: ".modal .modal-footer .btn-primary", run: "click" },
        {
            content: "Approved",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current[data-value=approved]",
        },
        {
            content: "Its credit note",
            trigger: ".o_form_view button[name=action_open_credit_note]",
            run: "click",
        },
        {
            content: "A posted credit note of the original bill",
            trigger: ".o_form_view .o_field_widget[name=name]:contains('RINV/')",
        },
        {
            content: "Back to the correction",
            trigger: ".o_breadcrumb .breadcrumb-item a:last",
            run: "click",
        },
        {
            content: "Its corrected bill",
            trigger: ".o_form_view button[name=action_open_corrected_move]",
            run: "click",
        },
        {
            content: "The corrected bill, posted, linked to the correction",
            trigger: ".o_form_view button[name=action_dura_open_corrections]",
        },
    ],
});
