import { unwrap } from "../../../client/index.ts";
import { describeFailure, withApi } from "../api.ts";
import { byId, fill, h } from "../dom.ts";
import { dateTime, integer } from "../format.ts";
import { figure, statusBadge } from "../views.ts";

/** `/status`: the `/v1/health` figures, refreshed every few seconds while the tab is visible. */

const REFRESH_MS = 5_000;

type Health = Awaited<ReturnType<typeof readHealth>>;

async function readHealth() {
  return withApi(async (api) => unwrap(await api.v1.health.$get()));
}

function render(health: Health): HTMLElement[] {
  const endpoints = health.endpoints;
  return [
    h(
      "section",
      { class: "card" },
      h(
        "div",
        { class: "figures" },
        figure("Service", statusBadge(health.status), { "data-field": "status" }),
        figure("Storage (Turso)", statusBadge(health.storage), { "data-field": "storage" }),
        figure("Judgments stored", integer(health.judgments_unique), { "data-field": "judgments_unique" }),
        figure("Outbox pending", integer(health.outbox_pending), { "data-field": "outbox_pending" }),
      ),
      h("dl", { class: "facts inline" }, h("dt", {}, "Default provider"), h("dd", {}, health.provider), h("dt", {}, "Version"), h("dd", {}, health.version), h("dt", {}, "Instance"), h("dd", {}, h("code", {}, health.instance_id))),
    ),
    h(
      "section",
      { class: "card", "aria-labelledby": "endpoints-title" },
      h("h2", { id: "endpoints-title" }, "Model endpoints"),
      endpoints.length === 0
        ? h("p", { class: "muted" }, "No remote model endpoint is configured: the judges run offline (heuristic).")
        : h(
            "table",
            { class: "list" },
            h("thead", {}, h("tr", {}, ...["Profiles", "Provider", "Model", "Breaker", "In flight", "Queued"].map((title) => h("th", { scope: "col" }, title)))),
            h(
              "tbody",
              {},
              ...endpoints.map((endpoint) =>
                h(
                  "tr",
                  {},
                  h("td", { "data-label": "Profiles" }, endpoint.profiles.join(", ")),
                  h("td", { "data-label": "Provider" }, endpoint.provider),
                  h("td", { "data-label": "Model" }, endpoint.model),
                  h("td", { "data-label": "Breaker" }, statusBadge(endpoint.breaker)),
                  h("td", { "data-label": "In flight", class: "num" }, integer(endpoint.in_flight)),
                  h("td", { "data-label": "Queued", class: "num" }, integer(endpoint.queued)),
                ),
              ),
            ),
          ),
    ),
  ];
}

export async function statusPage(): Promise<void> {
  const notice = byId("notice");
  const container = byId("status");
  const updated = byId("status-updated");
  const refresh = async () => {
    try {
      const health = await readHealth();
      fill(container, ...render(health));
      container.hidden = false;
      notice.hidden = true;
      updated.textContent = `Updated ${dateTime(new Date().toISOString())}; refreshed every ${REFRESH_MS / 1_000} s.`;
    } catch (error) {
      notice.hidden = false;
      notice.textContent = `Could not read /v1/health: ${describeFailure(error)}`;
      notice.classList.add("problem");
    }
  };
  await refresh();
  setInterval(() => {
    if (document.visibilityState === "visible") void refresh();
  }, REFRESH_MS);
}
