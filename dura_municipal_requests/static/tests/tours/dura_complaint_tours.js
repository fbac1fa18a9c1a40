import { registry } from "@web/core/registry";
import { inputFiles } from "@web/../tests/utils";

/**
 * The front desk registers a citizen's complaint about a water leak in al-Karma: category,
 * quarter, landmark and a photo; the form warns that an open complaint about the same thing
 * in the same quarter exists; the complaint is submitted all the same (free: filed at once).
 */
registry.category("web_tour.tours").add("dura_front_desk_complaint", {
    url: "/odoo/action-dura_municipal_requests.action_dura_service_request",
    steps: () => [
        { content: "Create a request", trigger: ".o-kanban-button-new", run: "click" },
        {
            content: "The citizen",
            trigger: ".o_field_widget[name=partner_id] input",
            run: "edit خالد يوسف",
        },
        { trigger: ".o-autocomplete--dropdown-item a:contains('خالد يوسف الدودة')", run: "click" },
        {
            content: "The service: a complaint",
            trigger: ".o_field_widget[name=service_type_id] input",
            run: "edit شكوى",
        },
        { trigger: ".o-autocomplete--dropdown-item a:contains('شكوى')", run: "click" },
        {
            content: "What the citizen says",
            trigger: ".o_field_widget[name=description] textarea",
            run: "edit الشارع مغمور بالمياه أمام بيتي",
        },
        {
            content: "The Complaint tab",
            trigger: ".o_notebook a.nav-link[name=complaint]",
            run: "click",
        },
        {
            content: "What it is about",
            trigger: ".o_field_widget[name=complaint_category_id] input",
            run: "edit تسرب",
        },
        { trigger: ".o-autocomplete--dropdown-item a:contains('تسرب')", run: "click" },
        {
            content: "Where",
            trigger: ".o_field_widget[name=location_quarter] input",
            run: "edit الكرمة",
        },
        {
            trigger: ".o_field_widget[name=location_landmark] input",
            run: "edit بجانب المسجد",
        },
        {
            content: "The counter is warned of an open complaint about the same thing there",
            trigger: ".o_form_view div[name=duplicate_warning]:visible",
        },
        { trigger: ".o_field_widget[name=duplicate_ids] .o_data_row" },
        {
            content: "The citizen's photo",
            trigger: ".o_field_widget[name=photo_ids]",
            async run() {
                const response = await fetch(
                    "/dura_municipal_requests/static/tests/files/leak_photo.png"
                );
                const file = new File([await response.blob()], "تسرب الكرمة.png", {
                    type: "image/png",
                });
                await inputFiles(".o_field_widget[name=photo_ids] .o_input_file", [file]);
            },
        },
        {
            trigger:
                ".o_field_widget[name=photo_ids] .o_attachment:not(.o_attachment_uploading)[title='تسرب الكرمة.png']",
        },
        { content: "Save", trigger: ".o_form_button_save", run: "click" },
        { trigger: ".o_form_saved .o_field_widget[name=name]:not(:contains('/'))" },
        { content: "Submit", trigger: "button[name=action_submit]", run: "click" },
        {
            content: "Free: filed at once, with the Water department",
            trigger: ".o_statusbar_status button[data-value=filed].o_arrow_button_current",
        },
    ],
});

/**
 * The Water department's officer opens the leak complaint, sees the duplicate and merges it,
 * then completes the file: the merged complaint is done with it (its citizen is texted).
 */
registry.category("web_tour.tours").add("dura_water_merge_duplicates", {
    steps: () => [
        { trigger: ".o_form_view div[name=duplicate_warning]:visible" },
        { trigger: ".o_notebook a.nav-link[name=complaint]", run: "click" },
        { content: "The duplicate", trigger: ".o_field_widget[name=duplicate_ids] .o_data_row" },
        { trigger: ".o_field_widget[name=photo_ids] .o_attachment" },
        {
            content: "Merge it here",
            trigger: "button[name=action_merge_duplicates]",
            run: "click",
        },
        { content: "Confirm", trigger: ".modal-footer .btn-primary", run: "click" },
        {
            content: "It is listed as merged",
            trigger: ".o_field_widget[name=merged_ids] .o_data_row",
        },
        { content: "Start", trigger: "button[name=action_start]", run: "click" },
        { content: "Done", trigger: "button[name=action_done]", run: "click" },
        {
            trigger: ".o_statusbar_status button[data-value=done].o_arrow_button_current",
        },
    ],
});
