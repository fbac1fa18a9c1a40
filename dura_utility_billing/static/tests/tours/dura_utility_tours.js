import { registry } from "@web/core/registry";

// The Utilities menus are a section of the Municipality app.
const openUtilities = () => [
    { content: "Open the apps menu", trigger: ".o_navbar_apps_menu button", run: "click" },
    {
        trigger: ".o_app[data-menu-xmlid='dura_municipality.menu_municipality_root']",
        run: "click",
    },
];
const openMenu = (xmlid) => [
    {
        content: "Utilities / Operations",
        trigger: ".o_main_navbar button[data-menu-xmlid='dura_utility_billing.menu_utility_root']",
        run: "click",
    },
    { trigger: `.dropdown-item[data-menu-xmlid='dura_utility_billing.${xmlid}']`, run: "click" },
];

const enterReading = (meter, value) => [
    {
        content: `New reading for meter ${meter}`,
        trigger: ".o_list_view .o_list_button_add",
        run: "click",
    },
    {
        content: "Choose the subscription by its meter number",
        trigger: ".o_selected_row .o_field_widget[name=subscription_id] input",
        run: `edit ${meter}`,
    },
    { trigger: `.ui-autocomplete a.dropdown-item:contains('${meter}')`, run: "click" },
    {
        content: "The previous index comes with the subscription",
        trigger: ".o_selected_row .o_field_widget[name=previous_value]:not(:contains('0.000'))",
    },
    { trigger: ".o_selected_row .o_field_widget[name=date] input" },
    {
        content: "Type the index",
        trigger: ".o_selected_row .o_field_widget[name=value] input",
        run: `edit ${value}`,
    },
    { content: "Save the row", trigger: ".o_list_button_save", run: "click" },
    {
        content: "Saved: the consumption is computed",
        trigger: `.o_list_view:not(:has(.o_selected_row)) .o_data_row:has(.o_data_cell[name=subscription_id]:contains('${meter}'))`,
    },
];

// The meter reader types a route's readings in the list, choosing meters by their number,
// then opens a subscription with its readings.
registry.category("web_tour.tours").add("dura_utility_reader_readings", {
    steps: () => [
        ...openUtilities(),
        ...openMenu("menu_utility_reading"),
        ...enterReading("W-20400", "2840"),
        ...enterReading("W-20413", "1410"),
        ...enterReading("W-20426", "3425"),
        ...openMenu("menu_utility_subscription"),
        {
            content: "Find the subscription by its meter",
            trigger: ".o_searchview_input",
            run: "edit W-20400",
        },
        { trigger: ".o_searchview_input", run: "press Enter" },
        {
            trigger: ".o_data_row .o_data_cell[name=meter_number]:contains('W-20400')",
            run: "click",
        },
        {
            content: "The subscription opens with its readings",
            trigger: ".o_form_view .o_field_widget[name=reading_ids] .o_data_row .o_data_cell:contains('2,840')",
        },
        {
            content: "Enter Readings: the meter's readings list, ready for the next one",
            trigger: ".o_form_view .o_notebook button[name=action_view_readings]",
            run: "click",
        },
        {
            trigger: ".o_list_view .o_data_row .o_data_cell[name=subscription_id]:contains('W-20400')",
        },
        { trigger: ".o_list_view .o_list_button_add" },
    ],
});

// The utility office activates a subscription registered at the counter: the drafts are in
// the default list.
registry.category("web_tour.tours").add("dura_utility_office_activate", {
    steps: () => [
        ...openUtilities(),
        ...openMenu("menu_utility_subscription"),
        {
            content: "The drafts waiting for activation are in the default list",
            trigger: ".o_searchview_input",
            run: "edit W-30057",
        },
        { trigger: ".o_searchview_input", run: "press Enter" },
        {
            trigger: ".o_data_row .o_data_cell[name=meter_number]:contains('W-30057')",
            run: "click",
        },
        { content: "Activate it", trigger: ".o_form_view button[name=action_activate]", run: "click" },
        {
            content: "Active: it can now be suspended",
            trigger: ".o_form_view button[name=action_suspend]",
        },
        {
            content: "The first reading, typed in the subscription's Readings tab",
            trigger: ".o_form_view .o_field_widget[name=reading_ids] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=reading_ids] .o_selected_row .o_field_widget[name=value] input",
            run: "edit 5",
        },
        { trigger: ".o_form_view .o_form_button_save", run: "click" },
        {
            content: "Saved with its consumption",
            trigger: ".o_form_view .o_form_saved .o_field_widget[name=reading_ids] .o_data_row .o_data_cell[name=consumption]:contains('5.000')",
        },
    ],
});

// A card meter to convert: the wizard proposes the credit still on the card and spells out
// any difference with what the officer enters.
registry.category("web_tour.tours").add("dura_utility_office_conversion", {
    steps: () => [
        ...openUtilities(),
        ...openMenu("menu_utility_subscription"),
        { trigger: ".o_searchview_input", run: "edit E-21089" },
        { trigger: ".o_searchview_input", run: "press Enter" },
        {
            trigger: ".o_data_row .o_data_cell[name=meter_number]:contains('E-21089')",
            run: "click",
        },
        {
            content: "Convert card to invoice",
            trigger: ".o_form_view button[name=action_open_conversion_wizard]",
            run: "click",
        },
        {
            content: "The remaining credit is the card credit (100), not 0",
            trigger: ".modal .o_field_widget[name=remaining_credit] input:value('100.00')",
        },
        { trigger: ".modal:not(:has(.alert-warning:visible))" },
        {
            content: "Less is left on the meter",
            trigger: ".modal .o_field_widget[name=remaining_credit] input",
            run: "edit 40",
        },
        { trigger: ".modal .o_field_widget[name=final_reading] input", run: "click" },
        {
            content: "The difference is spelled out",
            trigger: ".modal .alert-warning:visible .o_field_widget[name=credit_warning]:contains('60.00')",
        },
        { content: "Not today", trigger: ".modal .modal-footer button.btn-secondary", run: "click" },
        { trigger: "body:not(:has(.modal))" },
    ],
});

// A card top-up sold at the office: paid, it gets a receipt code to print (and an SMS).
registry.category("web_tour.tours").add("dura_utility_office_topup", {
    steps: () => [
        ...openUtilities(),
        ...openMenu("menu_utility_topup"),
        { trigger: ".o_list_view .o_list_button_add", run: "click" },
        {
            content: "Choose the card meter by its number",
            trigger: ".o_form_view .o_field_widget[name=subscription_id] input",
            run: "edit E-21089",
        },
        { trigger: ".ui-autocomplete a.dropdown-item:contains('E-21089')", run: "click" },
        { trigger: ".o_form_view .o_field_widget[name=amount] input", run: "edit 50" },
        {
            trigger: ".o_form_view .o_field_widget[name=token] input",
            run: "edit 11112222333344445555",
        },
        { content: "Take the money", trigger: ".o_form_view button[name=action_confirm]", run: "click" },
        {
            content: "The receipt code",
            trigger: ".o_form_view .oe_title .o_field_widget[name=name]:contains('TOP/')",
        },
        {
            content: "Print the receipt",
            trigger: ".o_form_view button[name=action_print_receipt]",
            run: "click",
        },
        { trigger: "body:not(:has(.o_blockUI))" },
    ],
});

// Billing: last month's electricity run, prepared and waiting; the bills open.
registry.category("web_tour.tours").add("dura_utility_office_billing", {
    steps: () => [
        ...openUtilities(),
        ...openMenu("menu_utility_billing_run"),
        { trigger: ".o_list_view .o_data_row:first .o_data_cell[name=name]", run: "click" },
        { content: "Bill now", trigger: ".o_form_view button[name=action_run_now]", run: "click" },
        {
            content: "The bills are issued",
            trigger: ".o_form_view:not(:has(button[name=action_run_now])) button[name=action_view_invoices]",
            run: "click",
        },
        {
            content: "Open a bill",
            trigger: ".o_list_view .o_data_row:first .o_data_cell[name=name]",
            run: "click",
        },
        { trigger: ".o_form_view .o_notebook .nav-link[name=other_info]", run: "click" },
        {
            content: "The bill names its subscription and period",
            trigger: ".o_form_view .o_field_widget[name=dura_period]:contains('-')",
        },
    ],
});

// Totals in the currency billed: a billed run and Billed vs Collected show shekels (₪).
registry.category("web_tour.tours").add("dura_utility_office_totals_in_shekels", {
    steps: () => [
        ...openUtilities(),
        ...openMenu("menu_utility_billing_run"),
        {
            content: "The runs list shows each run's total in shekels",
            trigger: ".o_list_view .o_data_row .o_data_cell[name=amount_billed]:contains('₪')",
        },
        {
            content: "Open a billed run",
            trigger: ".o_list_view .o_data_row:has(.o_data_cell[name=state] .text-bg-success) .o_data_cell[name=name]",
            run: "click",
        },
        {
            content: "Its total is in shekels",
            trigger: ".o_form_view .o_field_widget[name=amount_billed]:contains('₪'):not(:contains('₪ 0.00'))",
        },
        {
            content: "and so is each bill",
            trigger: ".o_form_view .o_field_widget[name=bill_ids] .o_data_row .o_data_cell[name=amount_billed]:contains('₪')",
        },
        ...openMenu("menu_utility_billing_report"),
        {
            content: "Billed vs Collected: the amounts are grouped by the currency billed",
            trigger: ".o_pivot table th:contains('ILS')",
        },
        { content: "The list of the bills", trigger: ".o_switch_view.o_list", run: "click" },
        {
            content: "Each bill's amounts in shekels",
            trigger: ".o_list_view .o_data_row .o_data_cell[name=amount_billed]:contains('₪')",
        },
        {
            content: "and their total too",
            trigger: ".o_list_view tfoot td:contains('₪')",
        },
    ],
});
