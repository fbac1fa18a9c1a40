import { registry } from "@web/core/registry";

const current = (label) => ({
    content: `The request is ${label}`,
    trigger: `.o_statusbar_status .o_arrow_button_current:contains('${label}')`,
});

// A department officer starts a filed request and puts it on hold for a missing document.
registry.category("web_tour.tours").add("dura_request_department_hold", {
    steps: () => [
        current("Filed"),
        { content: "Start the work", trigger: "button[name=action_start]", run: "click" },
        current("In Progress"),
        { content: "Put on hold", trigger: "button[name=action_hold]", run: "click" },
        {
            content: "Name the missing document",
            trigger: ".modal .o_field_widget[name=missing_document_type_ids] input",
            run: "edit Tour plan",
        },
        { trigger: ".ui-autocomplete a.dropdown-item:contains('Tour plan')", run: "click" },
        {
            content: "Say why",
            trigger: ".modal .o_field_widget[name=reason] textarea",
            run: "edit The site plan is missing",
        },
        { trigger: ".modal button[name=action_confirm]", run: "click" },
        current("On Hold"),
    ],
});

// The citizen brought the document: the officer resumes the request and completes it.
registry.category("web_tour.tours").add("dura_request_department_complete", {
    steps: () => [
        current("On Hold"),
        { content: "Resume", trigger: "button[name=action_resume]", run: "click" },
        current("In Progress"),
        { content: "Complete", trigger: "button[name=action_done]", run: "click" },
        current("Done"),
    ],
});

// The demo director (Arabic UI) opens the monthly report wizard and prints it, then every
// analysis of the Reporting menu. Selectors do not depend on the language.
const reportingMenu = (xmlid) => [
    {
        content: "Reporting",
        trigger: "button[data-menu-xmlid='dura_municipality.menu_municipality_reporting']",
        run: "click",
    },
    {
        content: `Menu ${xmlid}`,
        trigger: `.dropdown-item[data-menu-xmlid='dura_municipal_requests.${xmlid}']`,
        run: "click",
    },
];
registry.category("web_tour.tours").add("dura_manager_reporting", {
    steps: () => [
        {
            content: "Open the apps menu",
            trigger: ".o_navbar_apps_menu button",
            run: "click",
        },
        {
            trigger: ".o_app[data-menu-xmlid='dura_municipality.menu_municipality_root']",
            run: "click",
        },
        ...reportingMenu("menu_dura_service_center_report"),
        {
            content: "The wizard asks for the month",
            trigger: ".modal .o_field_widget[name=month] select",
        },
        { trigger: ".modal .o_field_widget[name=year] input" },
        {
            content: "Print the report of the month it opened on",
            trigger: ".modal button[name=action_print]",
            run: "click",
        },
        {
            content: "The report is downloaded and the wizard closes, without an error",
            trigger: "body:not(:has(.modal)):not(:has(.o_error_dialog))",
        },
        ...reportingMenu("menu_dura_service_request_reporting"),
        {
            content: "The pivot opens with departments in rows, counted by month",
            trigger: ".o_pivot th.o_pivot_measure_row",
        },
        { trigger: ".o_pivot .o_pivot_header_cell_opened" },
        {
            content: "The demo requests are counted",
            trigger: ".o_pivot tbody td.o_pivot_cell_value div:not(:empty)",
        },
        ...reportingMenu("menu_dura_service_request_processing_time"),
        {
            content: "Processing time of the requests done",
            trigger: ".o_action:has(.o_pivot) .o_pivot th.o_pivot_measure_row",
        },
        ...reportingMenu("menu_dura_request_fee_analysis"),
        {
            content: "The fees invoiced at the counter, in shekels",
            trigger: ".o_pivot th.o_pivot_measure_row",
        },
        {
            trigger: ".o_pivot tbody td.o_pivot_cell_value div:not(:empty)",
        },
        { trigger: "body:not(:has(.o_error_dialog))" },
    ],
});

// An Arabic-speaking officer opens a request: right-to-left, Arabic labels, no error.
registry.category("web_tour.tours").add("dura_request_arabic_form", {
    steps: () => [
        {
            content: "The web client is right to left",
            trigger: "body.o_rtl .o_form_view .o_field_widget[name=name]",
        },
        {
            content: "The labels are in Arabic",
            trigger: ".o_form_view .o_form_label:contains('المواطن')",
        },
        { trigger: ".o_statusbar_status .o_arrow_button_current:contains('مسجل')" },
        {
            content: "The documents tab",
            trigger: ".o_notebook .nav-link:contains('الطلب')",
            run: "click",
        },
        { trigger: ".o_field_widget[name=document_ids] .o_list_renderer" },
    ],
});

// The demo director opens the Overdue list (by department, then assignee) and the late file
// the escalation brought to them.
registry.category("web_tour.tours").add("dura_director_overdue", {
    steps: () => [
        { trigger: ".o_navbar_apps_menu button", run: "click" },
        {
            trigger: ".o_app[data-menu-xmlid='dura_municipality.menu_municipality_root']",
            run: "click",
        },
        {
            trigger: "button[data-menu-xmlid='dura_municipal_requests.menu_service_center']",
            run: "click",
        },
        {
            content: "Overdue",
            trigger:
                ".dropdown-item[data-menu-xmlid='dura_municipal_requests.menu_dura_service_request_overdue']",
            run: "click",
        },
        {
            content: "A department with late files",
            trigger: ".o_list_view tr.o_group_header:not(.o_group_open)",
            run: "click",
        },
        {
            content: "Its assignee",
            trigger: ".o_list_view tr.o_group_header.o_group_open ~ tr.o_group_header:not(.o_group_open)",
            run: "click",
        },
        {
            content: "The late file, told to the director",
            trigger: ".o_list_view .o_data_row td[name=sla_escalation]:not(:empty)",
        },
        { trigger: ".o_list_view .o_data_row td[name=name]", run: "click" },
        {
            content: "Its form shows the deadline and the escalation",
            trigger: ".o_form_view .o_field_widget[name=sla_escalation]",
        },
        { trigger: ".o_form_view .o_field_widget[name=sla_deadline]" },
        { trigger: "body:not(:has(.o_error_dialog))" },
    ],
});

// The director reads the citizens' ratings by department and opens the complaint a citizen
// reopened by answering 0.
registry.category("web_tour.tours").add("dura_director_feedback", {
    steps: () => [
        { trigger: ".o_navbar_apps_menu button", run: "click" },
        {
            trigger: ".o_app[data-menu-xmlid='dura_municipality.menu_municipality_root']",
            run: "click",
        },
        {
            trigger: "button[data-menu-xmlid='dura_municipal_requests.menu_service_center']",
            run: "click",
        },
        {
            content: "Citizen Ratings",
            trigger:
                ".dropdown-item[data-menu-xmlid='dura_municipal_requests.menu_dura_service_request_feedback']",
            run: "click",
        },
        {
            content: "A rating from 1 to 5",
            trigger: ".o_list_view .o_data_row td[name=feedback_rating]:not(:empty)",
        },
        {
            content: "The reopened complaint, in red",
            trigger: ".o_list_view .o_data_row.text-danger td[name=name]",
            run: "click",
        },
        {
            content: "Its form: reopened once, with the citizen's words",
            trigger: ".o_form_view .o_field_widget[name=reopen_count]",
        },
        { trigger: ".o_form_view .o_notebook a.nav-link[name=feedback]", run: "click" },
        { trigger: ".o_form_view .o_field_widget[name=feedback_note]:not(:empty)" },
        {
            content: "The citizen's SMS answer is on the file",
            trigger: ".o-mail-Chatter .o-mail-Message",
        },
        { trigger: "body:not(:has(.o_error_dialog))" },
    ],
});
