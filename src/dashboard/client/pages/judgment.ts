import { unwrap, type Judgment } from "../../../client/index.ts";
import type { RubricView } from "../../../schemas/rubric.ts";
import { describeFailure, withApi } from "../api.ts";
import { byId, fill, h } from "../dom.ts";
import { followCell } from "../follow.ts";
import { confidence, dateTime, integer, milliseconds, score, usd } from "../format.ts";
import { juryView, type JuryDocument } from "../jury.ts";
import { radarChart } from "../radar.ts";
import { figure, scoreBar, statusBadge, verdictBadge } from "../views.ts";

/** `/judgments/{cell_id}`: one judgment in full. A judgment still scoring is followed until it ends. */

type RubricLayout = Pick<RubricView, "axioms">;

function axiomsSection(judgment: Judgment): HTMLElement {
  const weakest = judgment.weakest;
  const bars = h(
    "ul",
    { class: "axiom-bars" },
    ...Object.entries(judgment.axioms).map(([id, value]) =>
      h(
        "li",
        { class: weakest?.axiom === id ? "weakest" : undefined },
        h("span", { class: "axiom-name" }, id, weakest?.axiom === id ? h("span", { class: "tag" }, "weakest") : null),
        scoreBar(value, `${id} axiom score`),
        h("span", { class: "axiom-score num", "data-axiom": id }, score(value)),
      ),
    ),
  );
  const drag = weakest ? h("p", { class: "muted" }, `Weakest axiom ${weakest.axiom} (${score(weakest.score)}); drag on Q: ${score(weakest.drag)}.`) : null;
  return h("section", { class: "card", "aria-labelledby": "axioms-title" }, h("h2", { id: "axioms-title" }, "Axioms"), h("div", { class: "axioms" }, h("div", {}, bars, drag), radarChart(judgment.axioms) ?? null));
}

function dimensionRows(judgment: Judgment, rubric: RubricLayout | undefined): HTMLTableSectionElement[] {
  const thresholds = new Map(rubric?.axioms.flatMap((axiom) => axiom.dimensions.map((d) => [d.id, d.threshold] as const)) ?? []);
  const byAxiom = new Map<string, [string, Judgment["dimensions"][string]][]>();
  for (const entry of Object.entries(judgment.dimensions)) byAxiom.set(entry[1].axiom, [...(byAxiom.get(entry[1].axiom) ?? []), entry]);
  const flags = new Set(judgment.flags);
  return [...byAxiom].map(([axiom, dimensions]) =>
    h(
      "tbody",
      {},
      h("tr", { class: "group" }, h("th", { colspan: 4, scope: "colgroup" }, axiom)),
      ...dimensions.map(([id, dimension]) => {
        const threshold = thresholds.get(id);
        const flagged = flags.has(id);
        return h(
          "tr",
          { "data-dimension": id, class: flagged ? "flagged" : undefined },
          h("th", { scope: "row", "data-label": "Dimension" }, id),
          h("td", { "data-label": "Score", class: "score-cell" }, h("div", { class: "score-wrap" }, scoreBar(dimension.score, `${id} score`, { ...(threshold === undefined ? {} : { threshold }), failed: dimension.status === "failed" }), h("span", { class: "num" }, dimension.status === "failed" ? "failed" : score(dimension.score)))),
          h("td", { "data-label": "Flag" }, flagged ? h("span", { class: "flag" }, h("span", { "aria-hidden": "true" }, "⚑ "), `below ${threshold ?? "threshold"}`) : h("span", { class: "muted" }, threshold === undefined ? "" : `≥ ${threshold}`)),
          h("td", { "data-label": "Rationale", class: "rationale" }, dimension.status === "failed" ? h("span", { class: "problem" }, dimension.error ?? "not scored") : (dimension.rationale ?? "")),
        );
      }),
    ),
  );
}

function dimensionsSection(judgment: Judgment, rubric: RubricLayout | undefined): HTMLElement {
  return h(
    "section",
    { class: "card", "aria-labelledby": "dimensions-title" },
    h("h2", { id: "dimensions-title" }, `Dimensions (${Object.keys(judgment.dimensions).length}, ${judgment.flags.length} flagged)`),
    h("table", { class: "dimensions" }, h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Dimension"), h("th", { scope: "col" }, "Score"), h("th", { scope: "col" }, "Threshold"), h("th", { scope: "col" }, "Rationale"))), ...dimensionRows(judgment, rubric)),
  );
}

function facts(title: string, rows: [string, string][]): HTMLElement {
  return h("section", { class: "card", "aria-label": title }, h("h2", {}, title), h("dl", { class: "facts" }, ...rows.flatMap(([term, value]) => [h("dt", {}, term), h("dd", {}, value)])));
}

/** The whole judgment; exported for the live page, which shows the same summary when one completes. */
export function summaryFigures(judgment: Judgment): HTMLElement {
  return h(
    "div",
    { class: "figures" },
    figure("Q-score", score(judgment.q_score), { "data-field": "q_score" }),
    figure("Verdict", verdictBadge(judgment.verdict), { "data-field": "verdict" }),
    figure("Confidence", confidence(judgment.confidence), { "data-field": "confidence" }),
    figure("Unnameable", score(judgment.unnameable)),
  );
}

function render(judgment: Judgment & { jury?: JuryDocument }, rubric: RubricLayout | undefined): HTMLElement[] {
  const head = h(
    "section",
    { class: "card" },
    h("div", { class: "judgment-head" }, statusBadge(judgment.status), judgment.cached ? h("span", { class: "tag" }, "cached") : null, h("span", { class: "muted" }, `rubric ${judgment.rubric.id}@${judgment.rubric.version} · reality ${judgment.reality ?? "none"} · judge ${judgment.judge.profile} (${judgment.judge.provider}/${judgment.judge.model})`)),
    summaryFigures(judgment),
    judgment.error ? h("p", { class: "problem", role: "alert" }, `${judgment.error.code}: ${judgment.error.message}`) : null,
  );
  const sections: HTMLElement[] = [head];
  if (Object.keys(judgment.axioms).length > 0) sections.push(axiomsSection(judgment));
  if (judgment.jury) sections.push(juryView(judgment.jury, judgment.dimensions));
  sections.push(dimensionsSection(judgment, rubric));
  sections.push(
    h(
      "div",
      { class: "pair" },
      facts("Usage", [["Model calls", integer(judgment.usage.llm_calls)], ["Input tokens", integer(judgment.usage.input_tokens)], ["Output tokens", integer(judgment.usage.output_tokens)], ["Cost", usd(judgment.usage.cost_usd)]]),
      facts("Timing", [["Queued", milliseconds(judgment.timing.queued_ms)], ["Scoring", milliseconds(judgment.timing.scoring_ms)], ["Total", milliseconds(judgment.timing.total_ms)], ["Created", dateTime(judgment.created_at)], ["Completed", dateTime(judgment.completed_at)], ["Judgment id", judgment.judgment_id]]),
    ),
  );
  return sections;
}

export async function judgmentPage(): Promise<void> {
  const cellId = document.body.dataset.cellId ?? "";
  const notice = byId("notice");
  const container = byId("judgment");
  byId("cell-title").textContent = cellId;
  const show = async (judgment: Judgment) => {
    const ref = `${judgment.rubric.id}@${judgment.rubric.version}`;
    const rubric = await withApi(async (api) => unwrap(await api.v1.rubrics[":ref"].$get({ param: { ref } }))).catch(() => undefined);
    fill(container, ...render(judgment, rubric));
    container.hidden = false;
  };
  try {
    const judgment = await withApi(async (api) => unwrap(await api.v1.judgments[":cell_id"].$get({ param: { cell_id: cellId } })));
    await show(judgment);
    if (judgment.status === "completed" || judgment.status === "failed") {
      notice.hidden = true;
      return;
    }
    notice.textContent = `This judgment is ${judgment.status}; the page follows its stream and updates when it ends.`;
    const follower = await followCell(cellId, { onFrame: () => undefined });
    const outcome = await follower.ended;
    if (outcome.status === "completed") {
      await show(outcome.judgment);
      notice.hidden = true;
    } else {
      notice.textContent = `The judgment failed: ${outcome.error.code}: ${outcome.error.message}`;
      notice.classList.add("problem");
    }
  } catch (error) {
    notice.textContent = `Could not load this judgment: ${describeFailure(error)}`;
    notice.classList.add("problem");
  }
}
