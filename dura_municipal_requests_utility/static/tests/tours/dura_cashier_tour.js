import { registry } from "@web/core/registry";

const openReceivables = (xmlid) => [
    {
        content: "Invoicing / Customers",
        trigger: ".o_main_navbar button[data-menu-xmlid='account.menu_finance_receivables']",
        run: "click",
    },
    { trigger: `.dropdown-item[data-menu-xmlid='${xmlid}']`, run: "click" },
];

// The cashier (Invoicing rights only) takes a fee at the finance office: finds the fee invoice
// in Invoicing, prints it, registers the payment; then opens a utility bill and credits it.
registry.category("web_tour.tours").add("dura_cashier_day", {
    steps: () => [
        { content: "Open the apps menu", trigger: ".o_navbar_apps_menu button", run: "click" },
        { trigger: ".o_app[data-menu-xmlid='account.menu_finance']", run: "click" },
        ...openReceivables("account.menu_action_move_out_invoice_type"),
        {
            content: "Find the citizen's fee invoice",
            trigger: ".o_searchview_input",
            run: "edit الطيطي",
        },
        { trigger: ".o_searchview_input", run: "press Enter" },
        {
            trigger: ".o_list_view .o_data_row .o_data_cell:contains('الطيطي')",
            run: "click",
        },
        {
            content: "The fee invoice opens",
            trigger: ".o_form_view .o_field_widget[name=partner_id]:contains('الطيطي')",
        },
        { content: "Print it", trigger: ".o_control_panel .o_cp_action_menus button:has(.fa-cog)", run: "click" },
        // the Print menu offers the fee invoice on the letterhead besides Odoo's invoice
        { trigger: ".o-dropdown--menu button:has(.fa-print)", run: "click" },
        { trigger: ".o-dropdown--menu .o_menu_item:contains('فاتورة الرسوم')", run: "click" },
        { trigger: "body:not(:has(.o_blockUI))" },
        {
            content: "Register the payment",
            trigger: ".o_form_view button[name=action_register_payment]:visible",
            run: "click",
        },
        { trigger: ".modal button[name=action_create_payments]", run: "click" },
        {
            content: "Paid: nothing left to pay",
            trigger: ".o_form_view:not(:has(button[name=action_register_payment]:visible)) .o_field_widget[name=partner_id]",
        },
        ...openReceivables("dura_utility_billing.menu_dura_utility_bill_moves"),
        {
            content: "Open a utility bill",
            trigger: ".o_list_view .o_data_row:first .o_data_cell[name=name]",
            run: "click",
        },
        { trigger: ".o_form_view .o_notebook .nav-link[name=other_info]", run: "click" },
        {
            content: "The bill names its subscription",
            trigger: ".o_form_view .o_field_widget[name=dura_subscription_id]:contains('SUB/')",
        },
        { content: "Credit it", trigger: ".o_form_view button[name=action_reverse]", run: "click" },
        { trigger: ".modal button[name=refund_moves]", run: "click" },
        {
            content: "The credit note opens, to be confirmed",
            trigger: ".o_form_view button[name=action_post]:visible",
        },
    ],
});

// The cashier prints what citizens pay against, from Invoicing: a utility bill (the municipal
// bill, its form's print button) and a fee invoice (on the municipality's letterhead).
registry.category("web_tour.tours").add("dura_cashier_prints", {
    steps: () => [
        { content: "Open the apps menu", trigger: ".o_navbar_apps_menu button", run: "click" },
        { trigger: ".o_app[data-menu-xmlid='account.menu_finance']", run: "click" },
        ...openReceivables("dura_utility_billing.menu_dura_utility_bill_moves"),
        {
            content: "Open a utility bill",
            trigger: ".o_list_view .o_data_row:first .o_data_cell[name=name]",
            run: "click",
        },
        {
            content: "Print the municipal bill",
            trigger: ".o_form_view .o_form_statusbar button[name=action_print_dura_bill]",
            run: "click",
        },
        { trigger: "body:not(:has(.o_blockUI))" },
        {
            content: "No error: the bill is still open",
            trigger: "body:not(:has(.modal)) .o_form_view button[name=action_print_dura_bill]",
        },
        ...openReceivables("account.menu_action_move_out_invoice_type"),
        {
            content: "Find the citizen's fee invoice",
            trigger: ".o_searchview_input",
            run: "edit الطيطي",
        },
        { trigger: ".o_searchview_input", run: "press Enter" },
        {
            trigger: ".o_list_view .o_data_row .o_data_cell:contains('الطيطي')",
            run: "click",
        },
        {
            content: "Print the fee invoice",
            trigger: ".o_form_view .o_form_statusbar button[name=action_print_dura_fee_invoice]",
            run: "click",
        },
        { trigger: "body:not(:has(.o_blockUI))" },
        {
            content: "No error: the fee invoice is still open",
            trigger: "body:not(:has(.modal)) .o_form_view button[name=action_print_dura_fee_invoice]",
        },
    ],
});
