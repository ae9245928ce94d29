import { ApiProblemError } from "../../../client/index.ts";
import { describeFailure, getJson, socketProtocols, withKey } from "../api.ts";
import { countersOf, finished, type BatchFrame, type BatchList, type BatchSummary } from "../batch-types.ts";
import { byId, fill, h } from "../dom.ts";
import { ago, dateTime, integer } from "../format.ts";
import { scoreBar, setBar, statusBadge } from "../views.ts";

/** `/batches`: the batches, newest first; a running batch's progress comes live from its stream. */

function progressText(batch: Partial<BatchSummary>): string {
  return `${integer(finished(batch))} / ${integer(batch.total ?? 0)}`;
}

function follow(batch: BatchSummary, row: HTMLTableRowElement): void {
  const url = new URL(`/v1/batches/${encodeURIComponent(batch.batch_id)}/stream`, location.href);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  const socket = new WebSocket(url, socketProtocols());
  const state: Partial<BatchSummary> = { ...batch };
  socket.addEventListener("message", (event) => {
    let frame: BatchFrame;
    try {
      frame = JSON.parse(String(event.data)) as BatchFrame;
    } catch {
      return;
    }
    Object.assign(state, countersOf(frame));
    update(row, state);
    if (frame.type === "batch.completed") socket.close(1000, "done");
  });
}

function update(row: HTMLTableRowElement, batch: Partial<BatchSummary>): void {
  const total = batch.total ?? 0;
  setBar(row.querySelector<HTMLElement>(".bar")!, total === 0 ? 0 : (100 * finished(batch)) / total);
  row.querySelector(".progress-text")!.textContent = progressText(batch);
  row.querySelector(".failed-count")!.textContent = integer((batch.failed ?? 0) + (batch.skipped ?? 0));
  if (batch.status) fill(row.querySelector(".status-cell")!, statusBadge(batch.status));
}

async function download(batch: BatchSummary, accept: string, extension: string): Promise<void> {
  const reply = await withKey(async (key) => {
    const response = await fetch(`/v1/batches/${encodeURIComponent(batch.batch_id)}/results`, { headers: { accept, ...(key ? { authorization: `Bearer ${key}` } : {}) } });
    if (response.status === 401) throw new ApiProblemError(401, await response.json());
    return response;
  });
  const link = h("a", { href: URL.createObjectURL(await reply.blob()), download: `${batch.batch_id}.${extension}` });
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}

function row(batch: BatchSummary): HTMLTableRowElement {
  const total = batch.total || 1;
  const tr = h(
    "tr",
    { "data-batch-id": batch.batch_id },
    h("td", { "data-label": "Batch" }, h("code", {}, batch.batch_id)),
    h("td", { "data-label": "Status", class: "status-cell" }, statusBadge(batch.status)),
    h("td", { "data-label": "Progress", class: "score-cell" }, h("div", { class: "score-wrap" }, scoreBar((100 * finished(batch)) / total, `${batch.batch_id} progress`), h("span", { class: "progress-text num" }, progressText(batch)))),
    h("td", { "data-label": "Failed", class: "num failed-count" }, integer((batch.failed ?? 0) + (batch.skipped ?? 0))),
    h("td", { "data-label": "Created" }, batch.created_at ? h("time", { datetime: batch.created_at, title: dateTime(batch.created_at) }, ago(batch.created_at)) : "–"),
    h("td", { "data-label": "Results" }),
  );
  const exports = tr.lastElementChild!;
  for (const [label, accept, extension] of [["NDJSON", "application/x-ndjson", "ndjson"], ["CSV", "text/csv", "csv"]] as const) {
    const button = h("button", { type: "button", class: "secondary small", "aria-label": `Download the results of ${batch.batch_id} as ${label}` }, label);
    button.addEventListener("click", () => void download(batch, accept, extension).catch((error) => alertProblem(`Could not export the results: ${describeFailure(error)}`)));
    exports.appendChild(button);
    exports.appendChild(document.createTextNode(" "));
  }
  return tr;
}

function alertProblem(text: string): void {
  const notice = byId("notice");
  notice.hidden = false;
  notice.textContent = text;
  notice.classList.add("problem");
}

/** Whether this server has the batch routes, from its public OpenAPI document (asking /v1/batches of a
 * server without them would be a 404 in the browser's console). */
async function batchesServed(): Promise<boolean> {
  const document = await getJson<{ paths?: Record<string, unknown> }>("/openapi.json", undefined);
  return Object.hasOwn(document.paths ?? {}, "/v1/batches");
}

function unavailable(notice: HTMLElement): void {
  notice.textContent = "Batches are not available on this server: it has no GET /v1/batches.";
  notice.classList.add("unavailable");
  notice.dataset.state = "unavailable";
}

export async function batchesPage(): Promise<void> {
  const notice = byId("notice");
  const table = byId<HTMLTableElement>("batches");
  try {
    if (!(await batchesServed())) return unavailable(notice);
    const list = await withKey((key) => getJson<BatchList>("/v1/batches", key));
    const rows = list.items.map((batch) => {
      const tr = row(batch);
      if (batch.status === "running") follow(batch, tr);
      return tr;
    });
    fill(table.tBodies[0]!, ...rows);
    table.hidden = rows.length === 0;
    notice.textContent = rows.length === 0 ? "No batches yet. Submit one with POST /v1/batches." : `${rows.length} batch${rows.length === 1 ? "" : "es"}.`;
    notice.classList.toggle("visually-hidden", rows.length > 0);
  } catch (error) {
    if (error instanceof ApiProblemError && error.status === 404) return unavailable(notice);
    alertProblem(`Could not load batches: ${describeFailure(error)}`);
  }
}
