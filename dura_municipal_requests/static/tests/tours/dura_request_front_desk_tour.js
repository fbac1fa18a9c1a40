import { registry } from "@web/core/registry";
import { inputFiles } from "@web/../tests/utils";

/**
 * Upload the tour's PDF scan through the file input of the many2many_binary widget found in
 * `container` (what the officer's file picker does).
 */
export async function dura_upload_scan(container, filename) {
    const response = await fetch("/dura_municipal_requests/static/tests/files/citizen_scan.pdf");
    if (!response.ok) {
        throw new Error(`cannot read the tour's PDF (${response.status})`);
    }
    const file = new File([await response.blob()], filename, { type: "application/pdf" });
    await inputFiles(`${container} .o_field_many2many_binary .o_input_file`, [file]);
}

/**
 * The front desk (demo user frontdesk, no e-mail address) registers a water connection for a
 * returning citizen found by typing her national ID in the Citizen field, uploads the scan of
 * her ID card on its document line, names the documents she will bring, saves and submits:
 * the fee invoice is posted and waits for payment.
 */
registry.category("web_tour.tours").add("dura_request_front_desk", {
    url: "/odoo/action-dura_municipal_requests.action_dura_service_request",
    steps: () => [
        {
            content: "Create a request",
            trigger: ".o-kanban-button-new",
            run: "click",
        },
        {
            content: "Type the returning citizen's national ID (Arabic-Indic digits) in the Citizen field",
            trigger: ".o_field_widget[name=partner_id] input",
            run: "edit ٨٥٢ ١٤٧ ٩٧٤",
        },
        {
            content: "The citizen is found by her national ID",
            trigger: ".o-autocomplete--dropdown-item a:contains('فاطمة علي العمايرة')",
            run: "click",
        },
        {
            content: "Her national ID comes with her",
            trigger: ".o_field_widget[name=national_id] input:value('852147974')",
        },
        {
            content: "Choose the service",
            trigger: ".o_field_widget[name=service_type_id] input",
            run: "edit توصيل مياه",
        },
        {
            trigger: ".o-autocomplete--dropdown-item a:contains('توصيل مياه')",
            run: "click",
        },
        {
            content: "The service's checklist is added: open the ID card line",
            trigger: ".o_field_widget[name=document_ids] .o_data_row:contains('صورة بطاقة الهوية') td[name=note]",
            run: "click",
        },
        {
            content: "Upload the scan of the ID card on the new line",
            trigger: ".o_field_widget[name=document_ids] .o_data_row.o_selected_row .o_field_many2many_binary",
            async run() {
                await dura_upload_scan(
                    ".o_field_widget[name=document_ids] .o_data_row.o_selected_row",
                    "بطاقة هوية فاطمة.pdf"
                );
            },
        },
        {
            content: "The scan is uploaded",
            trigger: ".o_field_widget[name=document_ids] .o_attachment:not(.o_attachment_uploading)[title='بطاقة هوية فاطمة.pdf']",
        },
        {
            content: "The other documents will be brought later: say which",
            trigger: ".o_field_widget[name=hold_reason] textarea",
            run: "edit ستحضر إثبات الملكية ومخطط الموقع",
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Saved with its tracking number",
            trigger: ".o_form_saved .o_field_widget[name=name]:not(:contains('/'))",
        },
        {
            content: "Submit: the fee invoice is posted",
            trigger: "button[name=action_submit]",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status button[data-value=awaiting_payment].o_arrow_button_current",
        },
        {
            content: "Open the fee invoice",
            trigger: "button[name=action_open_invoice]",
            run: "click",
        },
        {
            content: "The fee invoice is posted and not paid",
            trigger: ".o_form_view .o_statusbar_status button[data-value=posted].o_arrow_button_current",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=partner_id]:contains('فاطمة علي العمايرة')",
        },
    ],
});

// The counter finds the licences whose term runs out and renews one, pre-filled from the
// previous request, then submits it (the fee is invoiced).
registry.category("web_tour.tours").add("dura_front_desk_licence_renewal", {
    steps: () => [
        { trigger: ".o_searchview_dropdown_toggler", run: "click" },
        {
            content: "Licences to Renew",
            trigger: ".o_filter_menu .o-dropdown-item:contains('تراخيص للتجديد')",
            run: "click",
        },
        {
            content: "The licence of هدى عيسى الرجوب, expiring in three weeks",
            trigger: ".o_kanban_record:contains('هدى عيسى الرجوب')",
            run: "click",
        },
        { trigger: ".o_form_view .o_field_widget[name=licence_expiry_date]" },
        { content: "Renew it", trigger: "button[name=action_renew_licence]", run: "click" },
        {
            content: "A new draft, for the same citizen, naming the licence it renews",
            trigger: ".o_form_view .o_field_widget[name=renewal_of_id]:not(:empty)",
        },
        { trigger: ".o_form_view .o_field_widget[name=partner_id] input:value('هدى عيسى الرجوب')" },
        {
            content: "The previous request's documents, with their files",
            trigger: ".o_field_widget[name=document_ids] .o_data_row:eq(2) .o_attachment",
        },
        { content: "Submit", trigger: "button[name=action_submit]", run: "click" },
        {
            trigger: ".o_statusbar_status button[data-value=awaiting_payment].o_arrow_button_current",
        },
    ],
});
