import { registry } from "@web/core/registry";
import { inputFiles } from "@web/../tests/utils";

// A small citizens file as the municipality's registry exports it: Arabic headers, one
// citizen written twice (+972 and 05x forms of one SIM) and one invalid national id. The same
// shape as examples/citizens_ar.csv, which is not served to the browser.
const CITIZENS_CSV = [
    "الاسم,رقم الهوية,رقم الجوال,العنوان",
    "سامية عيسى عمرو,403200017,0599320001,الحدب",
    "سامية عمرو,,+972599320001,",
    "باسل محمود,123456789,0599320002,",
    "",
].join("\n");

// The utility officer (demo user utility, Arabic) brings the citizens in: uploads the file in a
// new go-live import, checks it, reads the status of each row, and confirms.
registry.category("web_tour.tours").add("dura_utility_golive_import", {
    steps: () => [
        { content: "Open the apps menu", trigger: ".o_navbar_apps_menu button", run: "click" },
        {
            trigger: ".o_app[data-menu-xmlid='dura_municipality.menu_municipality_root']",
            run: "click",
        },
        {
            content: "Utilities (the import is under its Configuration section)",
            trigger: ".o_main_navbar button[data-menu-xmlid='dura_utility_billing.menu_utility_root']",
            run: "click",
        },
        {
            trigger: ".dropdown-item[data-menu-xmlid='dura_utility_billing.menu_utility_import']",
            run: "click",
        },
        { content: "A new import", trigger: ".o_list_button_add", run: "click" },
        {
            content: "Upload the citizens file (the file input itself is hidden)",
            trigger: ".o_field_widget[name=file] .o_select_file_button",
            async run() {
                const file = new File([CITIZENS_CSV], "citizens.csv", { type: "text/csv" });
                await inputFiles(".o_field_widget[name=file] input.o_input_file", [file]);
            },
        },
        {
            content: "The file is there",
            trigger: ".o_field_widget[name=file] .o_clear_file_button",
        },
        { content: "Check the file", trigger: "button[name=action_check]", run: "click" },
        {
            content: "One row to create",
            trigger: ".o_field_widget[name=line_ids] .o_data_row.text-info:has(td[name=row_number]:contains('2'))",
        },
        {
            content: "The +972 spelling is merged into row 2",
            trigger: ".o_field_widget[name=line_ids] .o_data_row:has(td[name=row_number]:contains('3')) td[name=reason]:contains('2')",
        },
        {
            content: "The invalid national id is refused, with the reason",
            trigger: ".o_field_widget[name=line_ids] .o_data_row.text-danger:has(td[name=row_number]:contains('4')) td[name=reason]:contains('123456789')",
        },
        { content: "Confirm the import", trigger: "button[name=action_confirm]", run: "click" },
        { content: "Yes", trigger: ".modal-footer .btn-primary", run: "click" },
        {
            content: "Done: the citizen is created",
            trigger: ".o_statusbar_status button.o_arrow_button_current[data-value=done]",
        },
        {
            trigger: ".o_field_widget[name=line_ids] .o_data_row.text-success td[name=partner_id]:contains('سامية عيسى عمرو')",
        },
    ],
});
