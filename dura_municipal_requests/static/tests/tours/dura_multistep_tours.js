import { registry } from "@web/core/registry";

/**
 * The front desk registers a building permit: the service is priced per m², so the form asks
 * for the building area and shows the fee it makes before anything is submitted; the citizen
 * will bring the drawings later; submitted, the fee invoice is posted for that amount.
 */
registry.category("web_tour.tours").add("dura_front_desk_building_permit", {
    url: "/odoo/action-dura_municipal_requests.action_dura_service_request",
    steps: () => [
        { content: "Create a request", trigger: ".o-kanban-button-new", run: "click" },
        {
            content: "The citizen",
            trigger: ".o_field_widget[name=partner_id] input",
            run: "edit فاطمة",
        },
        { trigger: ".o-autocomplete--dropdown-item a:contains('فاطمة علي العمايرة')", run: "click" },
        {
            content: "The service: a building permit",
            trigger: ".o_field_widget[name=service_type_id] input",
            run: "edit رخصة بناء",
        },
        {
            trigger: ".o-autocomplete--dropdown-item a:contains('رخصة بناء'):not(:contains('تجديد'))",
            run: "click",
        },
        {
            content: "The form asks for the building area, in m²",
            trigger: "div[name=fee_quantity]:contains('مساحة البناء'):contains('م²')",
        },
        {
            content: "The building area",
            trigger: ".o_field_widget[name=fee_quantity] input",
            run: "edit 240",
        },
        {
            content: "What the citizen asks for (the area is entered on leaving its field)",
            trigger: ".o_field_widget[name=description] textarea",
            run: "edit منزل من طابقين على قطعة رقم 12 حوض 4",
        },
        {
            content: "The fee before submitting: 100 ₪ + 2.5 ₪ x 240 m²",
            trigger: ".o_field_widget[name=fee_amount]:contains('700.00')",
        },
        {
            content: "The documents the citizen will bring",
            trigger: ".o_field_widget[name=hold_reason] textarea",
            run: "edit ستحضر المخططات الهندسية وإثبات الملكية",
        },
        { content: "Save", trigger: ".o_form_button_save", run: "click" },
        { trigger: ".o_form_saved .o_field_widget[name=name]:not(:contains('/'))" },
        { content: "Submit", trigger: "button[name=action_submit]", run: "click" },
        {
            content: "The fee invoice waits for payment",
            trigger: ".o_statusbar_status button[data-value=awaiting_payment].o_arrow_button_current",
        },
        { trigger: ".o_field_widget[name=fee_quantity]:contains('240')" },
    ],
});

/**
 * The engineering officer, at the plot, ticks the field inspection's checklist and completes
 * the step: the permit goes on to the head of engineering's approval.
 */
registry.category("web_tour.tours").add("dura_engineering_field_inspection", {
    steps: () => [
        {
            content: "The permit is at its field inspection",
            trigger: ".o_field_widget[name=current_step_id]:contains('الكشف الميداني')",
        },
        { content: "The Steps tab", trigger: ".o_notebook a.nav-link[name=steps]", run: "click" },
        {
            content: "Tick the first point",
            trigger: ".o_field_widget[name=current_check_ids] .o_data_row:nth-child(1) .o_boolean_toggle input",
            run: "click",
        },
        {
            content: "Tick the second point",
            trigger: ".o_field_widget[name=current_check_ids] .o_data_row:nth-child(2) .o_boolean_toggle input",
            run: "click",
        },
        {
            content: "Tick the third point",
            trigger: ".o_field_widget[name=current_check_ids] .o_data_row:nth-child(3) .o_boolean_toggle input",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=current_check_ids] .o_data_row:nth-child(3) .o_boolean_toggle input:checked",
        },
        { content: "Complete the step", trigger: "button[name=action_complete_step]", run: "click" },
        {
            content: "On to the head of engineering's approval",
            trigger: ".o_field_widget[name=current_step_id]:contains('موافقة رئيس القسم الهندسي')",
        },
        {
            content: "The inspection is in the step history, done",
            trigger: ".o_field_widget[name=step_ids] .o_data_row:contains('الكشف الميداني'):contains('م. نادر الحروب')",
        },
    ],
});
