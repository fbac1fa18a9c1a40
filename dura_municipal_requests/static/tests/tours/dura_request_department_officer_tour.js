import { registry } from "@web/core/registry";
import { dura_upload_scan } from "./dura_request_front_desk_tour";

/**
 * The water department's officer (demo user water, no e-mail address) opens the water
 * connection the counter filed, reads its attachments, starts it, puts it on hold because the
 * site plan is missing, attaches the plan the citizen brought, resumes and completes it.
 * `beforeDone`: the steps between resuming and completing (dura_municipal_requests_utility
 * enters the meter number of the new subscription there).
 */
export function departmentOfficerSteps(beforeDone = []) {
    return [
        {
            content: "Open the water connection filed by the counter",
            trigger: ".o_kanban_record:contains('سمير إبراهيم النتشة'):contains('توصيل مياه')",
            run: "click",
        },
        {
            content: "The request opens with its documents",
            trigger: ".o_form_view .o_field_widget[name=document_ids] .o_attachment[title='مخطط الموقع.pdf']",
        },
        {
            content: "Open the attachments of the documents",
            trigger: ".o_form_view .o_field_widget[name=document_ids] .o_attachment a[href]",
            async run() {
                const links = document.querySelectorAll(
                    ".o_field_widget[name=document_ids] .o_attachment .o_image_box a[href]"
                );
                if (links.length !== 3) {
                    throw new Error(`expected 3 documents, found ${links.length}`);
                }
                for (const link of links) {
                    const response = await fetch(link.getAttribute("href"));
                    const type = response.headers.get("Content-Type") || "";
                    if (!response.ok || !type.includes("pdf")) {
                        throw new Error(`cannot open ${link.href}: ${response.status} ${type}`);
                    }
                }
            },
        },
        {
            content: "Start",
            trigger: "button[name=action_start]",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status button[data-value=in_progress].o_arrow_button_current",
        },
        {
            content: "The site plan is not the right one: put on hold",
            trigger: "button[name=action_hold]",
            run: "click",
        },
        {
            content: "Name the missing document",
            trigger: ".modal .o_field_widget[name=missing_document_type_ids] input",
            run: "edit مخطط الموقع",
        },
        {
            trigger: ".modal .o-autocomplete--dropdown-item a:contains('مخطط الموقع')",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name=missing_document_type_ids] .o_tag:contains('مخطط الموقع')",
        },
        {
            content: "Give the reason",
            trigger: ".modal .o_field_widget[name=reason] textarea",
            run: "edit مخطط الموقع المرفق لا يخص العقار",
        },
        {
            trigger: ".modal button[name=action_confirm]",
            run: "click",
        },
        {
            content: "On hold",
            trigger: ".o_statusbar_status button[data-value=on_hold].o_arrow_button_current",
        },
        {
            content: "Leave a note for the counter (the officer has no e-mail address)",
            trigger: ".o-mail-Chatter-topbar button.o-mail-Chatter-logNote",
            run: "click",
        },
        {
            trigger: ".o-mail-Chatter .o-mail-Composer-input",
            run: "edit اتصلت بالمواطن ليحضر المخطط الصحيح",
        },
        {
            trigger: ".o-mail-Chatter .o-mail-Composer-send:enabled",
            run: "click",
        },
        {
            content: "The note is posted",
            trigger: ".o-mail-Chatter .o-mail-Message-body:contains('اتصلت بالمواطن ليحضر المخطط الصحيح')",
        },
        {
            content: "The citizen brought the plan: open its line",
            trigger: ".o_field_widget[name=document_ids] .o_data_row:contains('مخطط الموقع') td[name=note]",
            run: "click",
        },
        {
            content: "Upload the plan",
            trigger: ".o_field_widget[name=document_ids] .o_data_row.o_selected_row .o_field_many2many_binary",
            async run() {
                await dura_upload_scan(
                    ".o_field_widget[name=document_ids] .o_data_row.o_selected_row",
                    "مخطط الموقع الصحيح.pdf"
                );
            },
        },
        {
            trigger: ".o_field_widget[name=document_ids] .o_attachment:not(.o_attachment_uploading)[title='مخطط الموقع الصحيح.pdf']",
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            trigger: ".o_form_saved",
        },
        {
            content: "Resume",
            trigger: "button[name=action_resume]",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status button[data-value=in_progress].o_arrow_button_current",
        },
        ...beforeDone,
        {
            content: "Mark as done",
            trigger: "button[name=action_done]",
            run: "click",
        },
        {
            content: "Done",
            trigger: ".o_statusbar_status button[data-value=done].o_arrow_button_current",
        },
    ];
}

registry.category("web_tour.tours").add("dura_request_department_officer", {
    url: "/odoo/action-dura_municipal_requests.action_dura_service_request",
    steps: () => departmentOfficerSteps(),
});
