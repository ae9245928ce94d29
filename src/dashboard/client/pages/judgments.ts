import { unwrap, type ApiClient, type Judgment } from "../../../client/index.ts";
import { describeFailure, withApi } from "../api.ts";
import { byId, fill, h } from "../dom.ts";
import { ago, confidence, dateTime, isoToLocalInput, localInputToIso, score } from "../format.ts";
import { verdictBadge } from "../views.ts";

/** `/`: the judgments from Turso, newest first, filtered by the URL's query (never a key), paged by cursor. */

const FILTERS = ["verdict", "reality", "since"] as const;
type Filters = Partial<Record<(typeof FILTERS)[number], string>>;
type ListQuery = NonNullable<Parameters<ApiClient["v1"]["judgments"]["$get"]>[0]>["query"];

function filtersFromUrl(): Filters {
  const params = new URLSearchParams(location.search);
  return Object.fromEntries(FILTERS.flatMap((name) => (params.get(name) ? [[name, params.get(name)!]] : [])));
}

function row(judgment: Judgment): HTMLTableRowElement {
  const href = `/judgments/${encodeURIComponent(judgment.cell_id)}`;
  return h(
    "tr",
    { "data-cell-id": judgment.cell_id },
    h("td", { "data-label": "Cell" }, h("a", { href, class: "cell-link" }, judgment.cell_id)),
    h("td", { "data-label": "Verdict" }, judgment.status === "completed" ? verdictBadge(judgment.verdict) : h("span", { class: "muted" }, judgment.status)),
    h("td", { "data-label": "Q-score", class: "num" }, score(judgment.q_score)),
    h("td", { "data-label": "Confidence", class: "num" }, confidence(judgment.confidence)),
    h("td", { "data-label": "Judge" }, h("span", {}, judgment.judge.profile, h("span", { class: "muted small" }, ` · ${judgment.judge.model}`))),
    h("td", { "data-label": "Created" }, h("time", { datetime: judgment.created_at, title: dateTime(judgment.created_at) }, ago(judgment.created_at))),
  );
}

export async function judgmentsPage(): Promise<void> {
  const form = byId<HTMLFormElement>("filters");
  const table = byId<HTMLTableElement>("judgments");
  const body = table.tBodies[0]!;
  const more = byId<HTMLButtonElement>("more");
  const notice = byId("notice");
  let cursor: string | null = null;
  let filters = filtersFromUrl();

  const showFilters = () => {
    byId<HTMLSelectElement>("f-verdict").value = filters.verdict ?? "";
    byId<HTMLSelectElement>("f-reality").value = filters.reality ?? "";
    byId<HTMLInputElement>("f-since").value = filters.since ? isoToLocalInput(filters.since) : "";
  };

  const load = async (append: boolean) => {
    more.disabled = true;
    table.setAttribute("aria-busy", "true");
    notice.hidden = false;
    notice.textContent = "Loading…";
    notice.classList.remove("problem");
    try {
      // The filters come from the URL as text; the API validates them (a bad one is a 400 shown below).
      const query = { ...filters, limit: "25", ...(append && cursor ? { cursor } : {}) } as ListQuery;
      const page = await withApi(async (api) => unwrap(await api.v1.judgments.$get({ query })));
      if (!append) fill(body);
      for (const judgment of page.items) body.appendChild(row(judgment));
      cursor = page.next_cursor;
      table.hidden = body.rows.length === 0;
      more.hidden = cursor === null;
      const filtered = Object.keys(filters).length > 0;
      notice.textContent = body.rows.length === 0 ? (filtered ? "No judgment matches these filters." : "No judgments yet. Make one on the Live page.") : `${body.rows.length} judgment${body.rows.length === 1 ? "" : "s"} shown${cursor ? "; older ones below" : ""}.`;
      notice.classList.toggle("visually-hidden", body.rows.length > 0);
    } catch (error) {
      notice.textContent = `Could not load judgments: ${describeFailure(error)}`;
      notice.classList.add("problem");
      notice.classList.remove("visually-hidden");
    } finally {
      table.removeAttribute("aria-busy");
      more.disabled = false;
    }
  };

  const apply = (next: Filters) => {
    filters = next;
    const params = new URLSearchParams(filters as Record<string, string>);
    history.replaceState(null, "", params.size > 0 ? `/?${params}` : "/");
    cursor = null;
    void load(false);
  };

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const since = localInputToIso(String(data.get("since") ?? ""));
    const next: Filters = {};
    if (data.get("verdict")) next.verdict = String(data.get("verdict"));
    if (data.get("reality")) next.reality = String(data.get("reality"));
    if (since) next.since = since;
    apply(next);
  });
  form.addEventListener("reset", () => apply({}));
  more.addEventListener("click", () => void load(true));
  showFilters();
  await load(false);
}
