import { registry } from "@web/core/registry";
import { departmentOfficerSteps } from "@dura_municipal_requests/../tests/tours/dura_request_department_officer_tour";

/**
 * The water department's working day of dura_municipal_requests, with the utility app: the
 * water connection is put on hold before its meter number is known, and the officer enters the
 * installed meter before completing it (which creates the citizen's water subscription).
 */
registry.category("web_tour.tours").add("dura_request_department_officer_utility", {
    url: "/odoo/action-dura_municipal_requests.action_dura_service_request",
    steps: () =>
        departmentOfficerSteps([
            {
                content: "Enter the installed meter",
                trigger: ".o_notebook_headers a[name=utility]",
                run: "click",
            },
            {
                trigger: ".o_field_widget[name=meter_number] input",
                run: "edit W-DURA-0420",
            },
        ]),
});
