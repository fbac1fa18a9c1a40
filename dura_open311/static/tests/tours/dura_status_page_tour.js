import { registry } from "@web/core/registry";

// A citizen follows a request on the public status page (Arabic by default): a wrong last four
// digits say only "not found"; the right ones show the state, the dates and what is expected.
registry.category("web_tour.tours").add("dura_status_page_tour", {
    url: "/status",
    steps: () => [
        {
            content: "The page is in Arabic, right to left",
            trigger: "html[dir=rtl] h1:contains('تابع طلبك')",
        },
        {
            content: "Type the tracking number",
            trigger: "input[name=number]",
            run: "edit DR-TOUR-00042",
        },
        {
            content: "Type wrong digits",
            trigger: "input[name=digits]",
            run: "edit 9999",
        },
        {
            trigger: "form button[type=submit]",
            run: "click",
        },
        {
            content: "Only 'not found', no detail",
            trigger: ".o_dura_status_error:contains('غير موجود')",
        },
        {
            content: "No result is shown",
            trigger: "body:not(:has(.o_dura_status_result))",
        },
        {
            content: "The tracking number is kept; type the right digits",
            trigger: "input[name=digits]",
            run: "edit 0111",
        },
        {
            trigger: "input[name=number]:value('DR-TOUR-00042')",
        },
        {
            trigger: "form button[type=submit]",
            run: "click",
        },
        {
            content: "The state, in Arabic",
            trigger: ".o_dura_status_state[data-state=on_hold]:contains('متوقف')",
        },
        {
            content: "What is expected of the citizen: the missing document",
            trigger: ".o_dura_status_expected:contains('مخطط الموقع')",
        },
        {
            content: "The dates",
            trigger: ".o_dura_status_date",
        },
        {
            content: "Switch to English",
            trigger: "a.o_dura_public_lang:contains('English')",
            run: "click",
        },
        {
            trigger: "html[dir=ltr] h1:contains('Follow your request')",
        },
    ],
});
