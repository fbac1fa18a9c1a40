import { registry } from "@web/core/registry";

// A front-desk officer takes a request from draft to filed by registering the fee payment.
registry.category("web_tour.tours").add("dura_request_front_desk", {
    url: "/odoo/action-dura_municipal_requests.action_dura_service_request",
    steps: () => [
        {
            content: "Create a request",
            trigger: ".o-kanban-button-new",
            run: "click",
        },
        {
            content: "Choose the citizen",
            trigger: ".o_field_widget[name=partner_id] input",
            run: "edit Tour Citizen",
        },
        {
            trigger: ".ui-autocomplete a.dropdown-item:contains('Tour Citizen')",
            run: "click",
        },
        {
            content: "Choose the service",
            trigger: ".o_field_widget[name=service_type_id] input",
            run: "edit Tour Service",
        },
        {
            trigger: ".ui-autocomplete a.dropdown-item:contains('Tour Service')",
            run: "click",
        },
        {
            content: "The national ID comes with the citizen",
            trigger: ".o_field_widget[name=national_id] input:value('401234562')",
        },
        {
            content: "Submit: the fee invoice is posted",
            trigger: "button[name=action_submit]",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('Awaiting Payment')",
        },
        {
            content: "Register the payment at the counter",
            trigger: "button[name=action_register_payment]",
            run: "click",
        },
        {
            trigger: ".modal button[name=action_create_payments]",
            run: "click",
        },
        {
            content: "The request filed itself",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('Filed')",
        },
    ],
});
