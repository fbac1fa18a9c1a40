import { registry } from "@web/core/registry";

// The reading supervisor (demo user supervisor, Arabic, only the supervisors' group) reviews
// the readings citizens texted in: the list shows the confirmed one (W-20582), the one still
// waiting for the citizen's YES (W-20504) and the one refused as below the last reading
// (W-20426). He opens the confirmed one, reads the citizen's message and our answer, and
// follows it to the meter reading it became, read by "the citizen by SMS".
registry.category("web_tour.tours").add("dura_utility_self_reading", {
    steps: () => [
        { content: "Open the apps menu", trigger: ".o_navbar_apps_menu button", run: "click" },
        {
            trigger: ".o_app[data-menu-xmlid='dura_municipality.menu_municipality_root']",
            run: "click",
        },
        {
            content: "Utilities",
            trigger: ".o_main_navbar button[data-menu-xmlid='dura_utility_billing.menu_utility_root']",
            run: "click",
        },
        {
            content: "Citizen Self-Readings",
            trigger: ".dropdown-item[data-menu-xmlid='dura_utility_billing.menu_utility_self_reading']",
            run: "click",
        },
        {
            content: "The reading waiting for the citizen's YES",
            trigger: ".o_data_row:has(td[name=meter_number]:contains('W-20504')) td[name=state] .badge.text-bg-info",
        },
        {
            content: "The reading refused as below the last one",
            trigger: ".o_data_row:has(td[name=meter_number]:contains('W-20426')) td[name=refusal_reason]:contains('أقل من القراءة السابقة')",
        },
        {
            content: "Open the confirmed reading",
            trigger: ".o_data_row:has(td[name=meter_number]:contains('W-20582')):has(td[name=state] .text-bg-success) td[name=meter_number]",
            run: "click",
        },
        {
            content: "What the citizen wrote",
            trigger: ".o_form_view .o_field_widget[name=message]:contains('قراءة W-20582 3761')",
        },
        {
            content: "What we answered",
            trigger: ".o_form_view .o_field_widget[name=answer]:contains('نعم')",
        },
        {
            content: "Confirmed",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current[data-value=confirmed]",
        },
        {
            content: "Follow it to the meter reading",
            trigger: ".o_form_view .o_field_widget[name=reading_id] a:contains('W-20582 · ')",
            run: "click",
        },
        {
            content: "The reading, sent by the citizen",
            trigger: ".o_form_view .o_field_widget[name=source]:contains('المواطن برسالة نصية')",
        },
        {
            content: "checked like a meter reader's: valid",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current[data-value=valid]",
        },
        {
            content: "19 m³ since the last reading",
            trigger: ".o_form_view .o_field_widget[name=consumption]:contains('19.000')",
        },
    ],
});
