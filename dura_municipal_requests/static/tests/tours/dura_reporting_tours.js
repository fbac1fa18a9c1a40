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

// The director opens the monthly report wizard, then the requests pivot, from the menu.
registry.category("web_tour.tours").add("dura_manager_reporting", {
    steps: () => [
        {
            content: "Open the apps menu",
            trigger: ".o_navbar_apps_menu button",
            run: "click",
        },
        {
            trigger: ".o_app[data-menu-xmlid='dura_municipal_requests.menu_municipality_root']",
            run: "click",
        },
        {
            content: "Reporting",
            trigger: "button[data-menu-xmlid='dura_municipal_requests.menu_municipality_reporting']",
            run: "click",
        },
        {
            trigger: ".dropdown-item[data-menu-xmlid='dura_municipal_requests.menu_dura_service_center_report']",
            run: "click",
        },
        {
            content: "The wizard asks for the month",
            trigger: ".modal .o_field_widget[name=month] select",
        },
        { trigger: ".modal .o_field_widget[name=year] input" },
        { trigger: ".modal button[name=action_print]" },
        { content: "Close it", trigger: ".modal .modal-footer button.btn-secondary", run: "click" },
        {
            trigger: "body:not(:has(.modal))",
        },
        {
            content: "Reporting again",
            trigger: "button[data-menu-xmlid='dura_municipal_requests.menu_municipality_reporting']",
            run: "click",
        },
        {
            trigger: ".dropdown-item[data-menu-xmlid='dura_municipal_requests.menu_dura_service_request_reporting']",
            run: "click",
        },
        {
            content: "The pivot opens with departments in rows, counted by month",
            trigger: ".o_pivot th.o_pivot_measure_row:contains('Count')",
        },
        { trigger: ".o_pivot .o_pivot_header_cell_opened" },
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
