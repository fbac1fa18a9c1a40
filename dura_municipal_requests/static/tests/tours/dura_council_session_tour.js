import { registry } from "@web/core/registry";

const items = ".o_field_widget[name=item_ids]";
// an agenda row by a word of its subject
const row = (word) => `${items} .o_data_row:has(td[name=subject]:contains('${word}'))`;

function decide(word, decision, text) {
    const steps = [
        {
            content: `Decision on the request about ${word}`,
            trigger: `${row(word)} td[name=decision]`,
            run: "click",
        },
        {
            trigger: `${items} .o_selected_row td[name=decision] select`,
            run: `select "${decision}"`,
        },
    ];
    if (text) {
        steps.push(
            { trigger: `${items} .o_selected_row td[name=decision_text]`, run: "click" },
            {
                trigger: `${items} .o_selected_row td[name=decision_text] textarea`,
                run: `edit ${text}`,
            }
        );
    }
    return steps;
}

// The council's secretary (demo user council, Arabic, only the secretary's group) prepares
// the next session: a new session (a week ahead, the council hall, the members invited),
// the filed council requests added to its agenda in one click, scheduled (the citizen who
// asked to attend is answered), the agenda printed. After the session he records the
// decisions in the agenda list: the street approved, the instalments rejected with the
// council's reason, the stall deferred; then prints the minutes.
registry.category("web_tour.tours").add("dura_council_session", {
    steps: () => [
        { content: "Open the apps menu", trigger: ".o_navbar_apps_menu button", run: "click" },
        {
            trigger: ".o_app[data-menu-xmlid='dura_municipality.menu_municipality_root']",
            run: "click",
        },
        {
            content: "Service Center",
            trigger: ".o_main_navbar button[data-menu-xmlid='dura_municipal_requests.menu_service_center']",
            run: "click",
        },
        {
            content: "Council Sessions",
            trigger: ".dropdown-item[data-menu-xmlid='dura_municipal_requests.menu_dura_council_session']",
            run: "click",
        },
        { content: "A new session", trigger: ".o_list_button_add", run: "click" },
        { content: "Save", trigger: ".o_form_button_save", run: "click" },
        {
            content: "Add the filed requests",
            trigger: ".o_form_saved button[name=action_load_agenda]",
            run: "click",
        },
        {
            content: "The four requests waiting for the council",
            trigger: `${items} .o_data_row:nth-child(4) td[name=partner_id]`,
        },
        { trigger: `${row("بسطة خضار")}` },
        { content: "Schedule", trigger: "button[name=action_schedule]", run: "click" },
        { content: "Confirm", trigger: ".modal-footer .btn-primary", run: "click" },
        {
            content: "Scheduled",
            trigger: ".o_statusbar_status button.o_arrow_button_current[data-value=scheduled]",
        },
        { content: "Print the agenda", trigger: "button[name=action_print_agenda]", run: "click" },
        { trigger: "body:not(:has(.o_blockUI)):not(:has(.o_error_dialog))" },
        {
            content: "The citizen who asked to attend is answered",
            trigger: ".o_notebook .nav-link[name=attendees]",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=attendance_request_ids] .o_data_row td[name=partner_id]:contains('فاطمة')",
        },
        {
            content: "The council members are invited",
            trigger: ".o_form_view .o_field_widget[name=attendee_ids] .o_tag:contains('الشرحة')",
        },
        { trigger: ".o_notebook .nav-link[name=agenda]", run: "click" },
        ...decide("تعبيد", "approved", ""),
        ...decide("تقسيط", "rejected", "المجلس لا يقسّط رسوم رخص الحرف، ويمكن طلب إعفاء جزئي"),
        ...decide("بسطة", "deferred", "لحين دراسة مخطط السوق الجديد"),
        ...decide("مساعدة", "approved", "مساعدة بقيمة 500 شيكل من صندوق الطوارئ"),
        { content: "Save the decisions", trigger: ".o_form_button_save", run: "click" },
        {
            content: "Record the decisions",
            trigger: ".o_form_saved button[name=action_record_decisions]",
            run: "click",
        },
        {
            content: "Held",
            trigger: ".o_statusbar_status button.o_arrow_button_current[data-value=held]",
        },
        { content: "Print the minutes", trigger: "button[name=action_print_minutes]", run: "click" },
        { trigger: "body:not(:has(.o_blockUI)):not(:has(.o_error_dialog))" },
    ],
});
