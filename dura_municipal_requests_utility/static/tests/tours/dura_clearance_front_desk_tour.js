import { registry } from "@web/core/registry";
import { dura_upload_scan } from "@dura_municipal_requests/../tests/tours/dura_request_front_desk_tour";

/**
 * The steps that register a no-arrears clearance (براءة ذمة) for the citizen with national ID
 * `nationalId` and name `name`, with the scan of the ID card, saved and submitted, starting
 * with a click on `newButton`.
 */
function clearanceSteps(nationalId, name, newButton) {
    return [
        {
            content: "Create a request",
            trigger: newButton,
            run: "click",
        },
        {
            content: `Find ${name} by national ID`,
            trigger: ".o_field_widget[name=partner_id] input",
            run: `edit ${nationalId}`,
        },
        {
            trigger: `.o-autocomplete--dropdown-item a:contains('${name}')`,
            run: "click",
        },
        {
            content: "Choose the clearance",
            trigger: ".o_field_widget[name=service_type_id] input",
            run: "edit براءة ذمة",
        },
        {
            trigger: ".o-autocomplete--dropdown-item a:contains('براءة ذمة')",
            run: "click",
        },
        {
            content: "Open the ID card line",
            trigger: ".o_field_widget[name=document_ids] .o_data_row:contains('صورة بطاقة الهوية') td[name=note]",
            run: "click",
        },
        {
            content: "Upload the scan of the ID card",
            trigger: ".o_field_widget[name=document_ids] .o_data_row.o_selected_row .o_field_many2many_binary",
            async run() {
                await dura_upload_scan(
                    ".o_field_widget[name=document_ids] .o_data_row.o_selected_row",
                    `هوية ${nationalId}.pdf`
                );
            },
        },
        {
            trigger: `.o_field_widget[name=document_ids] .o_attachment:not(.o_attachment_uploading)[title='هوية ${nationalId}.pdf']`,
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            trigger: ".o_form_saved .o_field_widget[name=name]:not(:contains('/'))",
        },
        {
            content: "Submit: the ledger is read",
            trigger: "button[name=action_submit]",
            run: "click",
        },
    ];
}

/**
 * The front desk (demo user frontdesk) registers a clearance for Mariam, who owes nothing (a
 * card meter): the fee invoice is posted; then for Khaled, who owes water arrears: refused,
 * with his subscription, meter and amount in the message, and nothing invoiced.
 */
registry.category("web_tour.tours").add("dura_clearance_front_desk", {
    url: "/odoo/action-dura_municipal_requests.action_dura_service_request",
    steps: () => [
        ...clearanceSteps("411777030", "مريم حسن أبو عرقوب", ".o-kanban-button-new"),
        {
            content: "Mariam owes nothing: the clearance fee waits for payment",
            trigger: ".o_statusbar_status button[data-value=awaiting_payment].o_arrow_button_current",
        },
        ...clearanceSteps("930123468", "خالد يوسف الدودة", ".o_form_button_create"),
        {
            content: "Khaled owes: refused, with his water meter and the amount",
            trigger: ".o_error_dialog:contains('W-DURA-0177'):contains('186.50')",
        },
        {
            content: "Close the message",
            trigger: ".o_error_dialog .btn-primary",
            run: "click",
        },
        {
            content: "The request stays a draft",
            trigger: ".o_statusbar_status button[data-value=draft].o_arrow_button_current",
        },
    ],
});
