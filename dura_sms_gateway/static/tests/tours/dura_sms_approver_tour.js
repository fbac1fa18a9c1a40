import { registry } from "@web/core/registry";

const smsMenu = (xmlid) => [
    {
        content: "SMS Gateway",
        trigger: "button[data-menu-xmlid='dura_sms_gateway.menu_dura_sms_root']",
        run: "click",
    },
    { trigger: `.dropdown-item[data-menu-xmlid='dura_sms_gateway.${xmlid}']`, run: "click" },
];

// The SMS approver reads what was sent, then reads and approves a template waiting for them.
registry.category("web_tour.tours").add("dura_sms_approver_day", {
    url: "/odoo/action-dura_sms_gateway.action_dura_sms_message",
    steps: () => [
        {
            content: "A message in the audit log",
            trigger: ".o_list_view .o_data_row td[name=body]",
            run: "click",
        },
        { content: "Its audit form", trigger: ".o_form_view .o_field_widget[name=body]" },
        { trigger: ".o_form_view .o_field_widget[name=state]" },
        ...smsMenu("menu_dura_sms_template_to_approve"),
        {
            content: "A template waiting for approval",
            trigger: ".o_list_view .o_data_row td[name=name]",
            run: "click",
        },
        { content: "Its text", trigger: ".o_form_view .o_field_widget[name=body]" },
        { content: "Approve it", trigger: ".o_form_view button[name=action_dura_approve]", run: "click" },
        {
            content: "Approved, by the approver",
            trigger: ".o_form_view .o_field_widget[name=dura_approved_by_id]",
        },
        { trigger: ".o_form_view:not(:has(button[name=action_dura_approve]))" },
    ],
});
