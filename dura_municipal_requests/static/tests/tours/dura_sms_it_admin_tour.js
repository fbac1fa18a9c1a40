import { registry } from "@web/core/registry";

// The demo request the tester was handed (its tracking number and citizen's mobile): set
// by the test in sessionStorage, as a tester would read them off a receipt.
const handed = () => JSON.parse(sessionStorage.getItem("dura_sms_tour") || "{}");

const smsMenu = (xmlid) => [
    {
        content: "SMS Gateway",
        trigger: "button[data-menu-xmlid='dura_sms_gateway.menu_dura_sms_root']",
        run: "click",
    },
    { trigger: `.dropdown-item[data-menu-xmlid='dura_sms_gateway.${xmlid}']`, run: "click" },
];

const simulate = (number, text) => [
    {
        content: "Simulate an incoming SMS on the sandbox",
        trigger: ".o_form_view button[name=action_simulate_inbound]",
        run: "click",
    },
    {
        content: "From the citizen's mobile",
        trigger: ".modal .o_field_widget[name=number] input",
        run: (helpers) => helpers.edit(typeof number === "function" ? number() : number),
    },
    {
        trigger: ".modal .o_field_widget[name=text] textarea",
        run: (helpers) => helpers.edit(typeof text === "function" ? text() : text),
    },
    { content: "Receive it", trigger: ".modal button[name=action_simulate]", run: "click" },
    {
        content: "The inbound log opens",
        trigger: "body:not(:has(.modal)) .o_form_view .o_field_widget[name=reply]",
    },
];

// The IT administrator tries the citizens' SMS commands on the demo's sandbox provider.
registry.category("web_tour.tours").add("dura_sms_it_admin_inbound", {
    steps: () => [
        { content: "Open the apps menu", trigger: ".o_navbar_apps_menu button", run: "click" },
        {
            trigger: ".o_app[data-menu-xmlid='dura_municipality.menu_municipality_root']",
            run: "click",
        },
        ...smsMenu("menu_dura_sms_provider"),
        {
            content: "Open the sandbox provider",
            trigger: ".o_list_view .o_data_row td[name=name]",
            run: "click",
        },
        // STOP in Arabic from a demo citizen's mobile
        ...simulate("0599123456", "وقف"),
        {
            content: "Opted out, answered in Arabic",
            trigger: ".o_form_view .o_field_widget[name=reply]:contains('بلدية دورا')",
        },
        { trigger: ".o_form_view .o_field_widget[name=partner_id]:contains('أحمد')" },
        {
            content: "Back to the provider",
            trigger: ".o_breadcrumb li.o_back_button",
            run: "click",
        },
        // a status query from the citizen of that request
        ...simulate(
            () => handed().number,
            () => handed().tracking
        ),
        {
            content: "The request's state is answered",
            trigger: ".o_form_view .o_field_widget[name=reply]:contains('DR-')",
            run(helpers) {
                const tracking = handed().tracking;
                if (!tracking || !helpers.anchor.textContent.includes(tracking)) {
                    throw new Error(`reply without ${tracking}: ${helpers.anchor.textContent}`);
                }
            },
        },
    ],
});

// Once the queue has sent the replies: the inbound log, and the confirmation in the audit log.
registry.category("web_tour.tours").add("dura_sms_it_admin_audit", {
    steps: () => [
        { content: "Open the apps menu", trigger: ".o_navbar_apps_menu button", run: "click" },
        {
            trigger: ".o_app[data-menu-xmlid='dura_municipality.menu_municipality_root']",
            run: "click",
        },
        ...smsMenu("menu_dura_sms_inbound"),
        {
            content: "Open the opt-out in the inbound log",
            trigger: ".o_list_view .o_data_row td[name=body]:contains('وقف')",
            run: "click",
        },
        {
            content: "The inbound log form",
            trigger: ".o_form_view .o_field_widget[name=body]:contains('وقف')",
        },
        {
            content: "Its reply in the audit log",
            trigger: ".o_form_view .o_field_widget[name=reply_message_id] a",
            run: "click",
        },
        {
            content: "The Arabic confirmation, as sent",
            trigger: ".o_form_view .o_field_widget[name=body]:contains('بلدية دورا')",
        },
        { trigger: ".o_form_view .o_field_widget[name=number]:contains('599123456')" },
        ...smsMenu("menu_dura_sms_message"),
        {
            content: "The audit log lists it",
            trigger: ".o_list_view .o_data_row td[name=body]:contains('بلدية دورا')",
            run: "click",
        },
        { trigger: ".o_form_view .o_field_widget[name=body]:contains('بلدية دورا')" },
    ],
});
