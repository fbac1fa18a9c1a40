import { registry } from "@web/core/registry";

/** The spreadsheet model of the dashboard the Dashboards app shows. */
function activeDashboardModel() {
    const stack = [odoo.__WOWL_DEBUG__.root];
    while (stack.length) {
        const component = stack.pop();
        if (component.constructor.name === "SpreadsheetDashboardAction") {
            return component.state.activeDashboard?.model;
        }
        stack.push(...Object.values(component.__owl__.children).map((node) => node.component));
    }
    return undefined;
}

/** Once every cell is computed (the pivots load asynchronously): the cells in error. */
async function cellsInError(model, timeout = 30000) {
    const start = Date.now();
    for (;;) {
        const errors = [];
        let loading = false;
        for (const sheetId of model.getters.getSheetIds()) {
            const sheetName = model.getters.getSheetName(sheetId);
            for (const position of model.getters.getEvaluatedCellsPositions(sheetId)) {
                const cell = model.getters.getEvaluatedCell(position);
                if (cell.type !== "error") {
                    continue;
                }
                if (cell.value === "Loading...") {
                    loading = true;
                } else {
                    errors.push(
                        `${sheetName}!${position.col},${position.row}: ${cell.value} ${cell.message}`
                    );
                }
            }
        }
        if (!loading) {
            return errors;
        }
        if (Date.now() - start > timeout) {
            throw new Error("The dashboard's figures did not load");
        }
        await new Promise((resolve) => setTimeout(resolve, 250));
    }
}

// The demo director (Arabic UI) opens the Dashboards app and the municipality's dashboard:
// every figure of it computes, none in error.
registry.category("web_tour.tours").add("dura_municipality_dashboard", {
    steps: () => [
        {
            content: "Open the apps menu",
            trigger: ".o_navbar_apps_menu button",
            run: "click",
        },
        {
            content: "Dashboards",
            trigger: ".o_app[data-menu-xmlid='spreadsheet_dashboard.spreadsheet_dashboard_menu_root']",
            run: "click",
        },
        {
            content: "The municipality's dashboard",
            trigger: ".o_search_panel_category_value[data-name='البلدية']",
            run: "click",
        },
        {
            content: "It is open",
            trigger: ".o_search_panel_category_value.active[data-name='البلدية']",
        },
        {
            content: "Its grid and its scorecards are drawn",
            trigger: ".o_spreadsheet_dashboard_action .o-spreadsheet .o-figure",
        },
        {
            content: "Every figure computes",
            trigger: ".o_spreadsheet_dashboard_action:not(:has(.dashboard-loading-status.error))",
            run: async () => {
                const model = activeDashboardModel();
                if (!model) {
                    throw new Error("No dashboard model found");
                }
                const errors = await cellsInError(model);
                if (errors.length) {
                    throw new Error(`Cells in error:\n${errors.join("\n")}`);
                }
                const sheetId = model.getters.getSheetIds()[0];
                const title = model.getters.getEvaluatedCell({ sheetId, col: 0, row: 11 }).value;
                if (title !== "الطلبات شهرياً") {
                    throw new Error(`The dashboard is not in Arabic: ${title}`);
                }
            },
        },
    ],
});
