import { registry } from "@web/core/registry";

// The SMS approver sends the messages that failed while the provider was down again, in bulk,
// from the audit log. The demo approver works in Arabic: the labels are checked in Arabic.
registry.category("web_tour.tours").add("dura_sms_resend_failed", {
    url: "/odoo/action-dura_sms_gateway.action_dura_sms_message",
    steps: () => [
        {
            content: "Select the first failed bill notice",
            trigger: ".o_list_renderer tr.o_data_row:contains('TOUR-RESEND 1') td.o_list_record_selector input[type=checkbox]",
            run: "click",
        },
        {
            content: "and the second",
            trigger: ".o_list_renderer tr.o_data_row:contains('TOUR-RESEND 2') td.o_list_record_selector input[type=checkbox]",
            run: "click",
        },
        {
            content: "Open the Action menu",
            trigger: ".o_cp_action_menus button",
            run: "click",
        },
        {
            content: "Send them again (Send Again)",
            trigger: ".o-dropdown--menu .o-dropdown-item:contains('إعادة الإرسال')",
            run: "click",
        },
        {
            content: "Both are queued again",
            trigger: ".o_notification:contains('أُعيدت 2 رسالة إلى قائمة الإرسال')",
        },
        {
            content: "Open one: its history shows the failure and the new attempt",
            trigger: ".o_list_renderer tr.o_data_row:contains('TOUR-RESEND 1') td[name=body]",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=event_ids] tr:contains('أعاد إرسالها')",
        },
    ],
});
