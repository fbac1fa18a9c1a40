import { registry } from "@web/core/registry";
import { inputFiles } from "@web/../tests/utils";

// The route's sheet as the reader brings it back from the handheld: Arabic headers, the
// readings of four meters of route W-01 (وسط البلد): one below the previous reading (1395), one
// that has not moved since last month (903) where the household usually uses some 31 m³.
// The same shape as examples/readings_ar.xlsx, which is not served to the browser.
const READINGS_CSV = [
    "رقم العداد,المواطن,القراءة السابقة,القراءة,ملاحظات",
    "W-20400,محمد عمرو,2826,٢٨٥٠,",
    "W-20413,Ahmad Awawdeh,1395,1300,العداد مكسور؟",
    "W-20465,Abdullah Natsheh,4527,4560,",
    "W-20478,محمود الدودة,903,903,",
    "",
].join("\n");

// this month, YYYY-MM: the period the reader's file is for
function currentPeriod() {
    const date = new Date();
    return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, "0")}`;
}

function openUtilitiesMenu(xmlid) {
    return [
        {
            content: "Utilities",
            trigger: ".o_main_navbar button[data-menu-xmlid='dura_utility_billing.menu_utility_root']",
            run: "click",
        },
        { trigger: `.dropdown-item[data-menu-xmlid='dura_utility_billing.${xmlid}']`, run: "click" },
    ];
}

// The reading supervisor (demo user supervisor, Arabic, only the supervisors' group) opens the
// route وسط البلد, prints and exports its reading sheet for the month, then imports the file the
// reader filled in: checks it, sees the refused line, and confirms the accepted readings. The
// meter that did not move is a reading exception: he accepts it with the reason, then starts
// the month's water billing run, without estimates for the meters not read.
registry.category("web_tour.tours").add("dura_utility_reading_routes", {
    steps: () => [
        { content: "Open the apps menu", trigger: ".o_navbar_apps_menu button", run: "click" },
        {
            trigger: ".o_app[data-menu-xmlid='dura_municipality.menu_municipality_root']",
            run: "click",
        },
        ...openUtilitiesMenu("menu_utility_route"),
        {
            content: "The route W-01",
            trigger: ".o_data_row:has(td[name=code]:contains('W-01')) td[name=name]",
            run: "click",
        },
        {
            content: "Its meters in the order of the walk",
            trigger: ".o_field_widget[name=subscription_ids] .o_data_row:first td[name=meter_number]:contains('W-20400')",
        },
        { content: "Reading sheet", trigger: "button[name=action_reading_sheet]", run: "click" },
        {
            content: "The route is chosen",
            trigger: ".modal .o_field_widget[name=route_ids] .o_tag:contains('W-01')",
        },
        { content: "Print", trigger: ".modal button[name=action_print]", run: "click" },
        { trigger: "body:not(:has(.o_blockUI))" },
        { content: "Export", trigger: ".modal button[name=action_export]", run: "click" },
        {
            content: "The file to download",
            trigger: ".modal .o_field_widget[name=export_file]:contains('W-01')",
        },
        { content: "Close", trigger: ".modal .btn-close", run: "click" },
        { trigger: "body:not(:has(.modal))" },
        ...openUtilitiesMenu("menu_utility_reading_import"),
        { content: "A new reading import", trigger: ".o_list_button_add", run: "click" },
        {
            content: "The route",
            trigger: ".o_field_widget[name=route_id] input",
            run: "edit W-01",
        },
        { trigger: ".o-autocomplete--dropdown-item:contains('W-01')", run: "click" },
        {
            content: "Upload the reader's file (the file input itself is hidden)",
            trigger: ".o_field_widget[name=file] .o_select_file_button",
            async run() {
                const file = new File([READINGS_CSV], "W-01.csv", { type: "text/csv" });
                await inputFiles(".o_field_widget[name=file] input.o_input_file", [file]);
            },
        },
        { content: "The file is there", trigger: ".o_field_widget[name=file] .o_clear_file_button" },
        { content: "Check the file", trigger: "button[name=action_check]", run: "click" },
        {
            content: "The reading below the previous one is an exception, with the reason",
            trigger: ".o_field_widget[name=line_ids] .o_data_row.text-danger:has(td[name=meter_number]:contains('W-20413')) td[name=reason]:contains('1395')",
        },
        {
            content: "The others are accepted",
            trigger: ".o_field_widget[name=line_ids] .o_data_row:has(td[name=meter_number]:contains('W-20465')) td[name=status]",
        },
        { content: "Confirm the readings", trigger: "button[name=action_confirm]", run: "click" },
        { content: "Yes", trigger: ".modal-footer .btn-primary", run: "click" },
        {
            content: "Done",
            trigger: ".o_statusbar_status button.o_arrow_button_current[data-value=done]",
        },
        {
            content: "Three readings recorded",
            trigger: ".o_field_widget[name=line_ids] .o_data_row.text-success td[name=meter_number]:contains('W-20400')",
        },
        ...openUtilitiesMenu("menu_utility_reading_exception"),
        {
            content: "The meter that did not move waits for a decision",
            trigger: ".o_list_view .o_data_row.text-danger .o_data_cell[name=meter_number]:contains('W-20478')",
            run: "click",
        },
        {
            content: "An exception",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current[data-value=exception]",
        },
        {
            content: "Decide",
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_dura_decide]",
            run: "click",
        },
        {
            content: "Accept (the default decision)",
            trigger: ".modal .o_field_widget[name=decision] input:checked",
        },
        {
            content: "The reason",
            trigger: ".modal .o_field_widget[name=reason] textarea",
            run: "edit المنزل مغلق هذا الشهر، العائلة مسافرة",
        },
        { content: "Confirm", trigger: ".modal button[name=action_confirm]", run: "click" },
        {
            content: "Accepted",
            trigger: ".o_form_view:not(:has(.modal)) .o_statusbar_status button.o_arrow_button_current[data-value=accepted]",
        },
        ...openUtilitiesMenu("menu_utility_billing_run"),
        { content: "A new billing run", trigger: ".o_list_button_add", run: "click" },
        {
            content: "Water",
            trigger: ".o_form_view .o_field_widget[name=utility] select",
            run: 'select "water"',
        },
        {
            content: "This month",
            trigger: ".o_form_view .o_field_widget[name=period] input",
            run: `edit ${currentPeriod()}`,
        },
        {
            content: "No estimates: the meters not read wait for their reading",
            trigger: ".o_form_view .o_field_widget[name=estimate_missing] input:checked",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=estimate_missing] input:not(:checked)",
        },
        { content: "Save", trigger: ".o_form_button_save", run: "click" },
        {
            content: "Nothing waits for a decision: start the run",
            trigger: ".o_form_view .o_form_saved:not(:has(button[name=action_view_exceptions]:visible)) .o_statusbar_buttons button[name=action_start]",
            run: "click",
        },
        {
            content: "Running",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current[data-value=running]",
        },
    ],
});
