import { unwrap, type Judgment, type StreamFrame } from "../../../client/index.ts";
import type { RubricView } from "../../../schemas/rubric.ts";
import { describeFailure, withApi } from "../api.ts";
import { byId, fill, h } from "../dom.ts";
import { followCell, type CellFollower } from "../follow.ts";
import { score } from "../format.ts";
import { setBar, scoreBar } from "../views.ts";
import { summaryFigures } from "./judgment.ts";

/**
 * `/live`: submit content and watch it being judged. The cell's stream is opened first, then the
 * judgment is submitted, and each `dimension.scored` frame fills its bar; a dropped socket is
 * reconnected and its snapshot picks up where the judgment stands.
 */

type RubricLayout = Pick<RubricView, "id" | "version" | "axioms">;

/** How long a synchronous reply waits for the stream's last frames before closing it. */
const STREAM_GRACE_MS = 5_000;

const freshCellId = () => `live-${crypto.randomUUID().slice(0, 13)}`;

/** Marks the page sets, so a test or a profiler can measure submit → first bar. */
export const MARKS = { submitted: "judgment-submitted", firstBar: "first-dimension-scored" } as const;

class DimensionBars {
  private readonly bars = new Map<string, HTMLElement>();
  private readonly jurorScores = new Map<string, number[]>();
  total = 0;

  constructor(private readonly container: HTMLElement) {}

  layout(rubric: RubricLayout): void {
    this.bars.clear();
    this.jurorScores.clear();
    this.total = rubric.axioms.reduce((sum, axiom) => sum + axiom.dimensions.length, 0);
    fill(
      this.container,
      ...rubric.axioms.map((axiom) =>
        h(
          "section",
          { class: "dimension-group", "aria-label": `${axiom.id} dimensions` },
          h("h3", {}, axiom.id),
          h(
            "ul",
            {},
            ...axiom.dimensions.map((dimension) => {
              const bar = scoreBar(null, `${dimension.id} score`, { threshold: dimension.threshold });
              const item = h("li", { class: "dim", "data-dimension": dimension.id }, h("span", { class: "dim-name" }, dimension.id), bar, h("span", { class: "dim-score num" }, "–"));
              this.bars.set(dimension.id, item);
              return item;
            }),
          ),
        ),
      ),
    );
  }

  /** One score (a juror's, with a panel: the bar then shows their running mean). */
  scored(dimension: string, value: number): void {
    const scores = [...(this.jurorScores.get(dimension) ?? []), value];
    this.jurorScores.set(dimension, scores);
    this.set(dimension, scores.reduce((sum, next) => sum + next, 0) / scores.length);
  }

  /** A score that failed; with a panel, only while no other juror scored the dimension. */
  failed(dimension: string): void {
    if ((this.jurorScores.get(dimension) ?? []).length === 0) this.set(dimension, null, true);
  }

  set(dimension: string, value: number | null, failed = false): void {
    const item = this.bars.get(dimension);
    if (!item) return;
    setBar(item.querySelector<HTMLElement>(".bar")!, value);
    item.querySelector(".bar")!.classList.toggle("bar-failed", failed);
    item.querySelector(".dim-score")!.textContent = failed ? "failed" : score(value);
    if (value === null) item.removeAttribute("data-score");
    else item.dataset.score = String(value);
    item.classList.toggle("failed", failed);
  }

  /** Every bar from the finished judgment, so bars missed while a socket was down are filled too. */
  settle(judgment: Judgment): void {
    for (const [id, dimension] of Object.entries(judgment.dimensions)) this.set(id, dimension.score, dimension.status === "failed");
  }

  get filled(): number {
    return [...this.bars.values()].filter((item) => item.dataset.score !== undefined).length;
  }
}

export async function livePage(): Promise<void> {
  const form = byId<HTMLFormElement>("live-form");
  const submit = byId<HTMLButtonElement>("l-submit");
  const notice = byId("notice");
  const progress = byId<HTMLProgressElement>("l-progress");
  const count = byId("l-count");
  const summary = byId("l-summary");
  const bars = new DimensionBars(byId("l-dimensions"));
  const cellInput = byId<HTMLInputElement>("l-cell");
  const rubricSelect = byId<HTMLSelectElement>("l-rubric");
  cellInput.value = freshCellId();
  let follower: CellFollower | undefined;

  const say = (text: string, problem = false) => {
    notice.textContent = text;
    notice.classList.toggle("problem", problem);
  };
  const showCount = (done = bars.filled) => {
    progress.max = Math.max(1, bars.total);
    progress.value = Math.min(done, bars.total);
    count.textContent = `${Math.min(done, bars.total)} / ${bars.total}`;
  };
  const layoutRubric = async (ref: string) => {
    const rubric = await withApi(async (api) => unwrap(await api.v1.rubrics[":ref"].$get({ param: { ref } })));
    bars.layout(rubric);
    showCount(0);
  };
  const finish = (judgment: Judgment) => {
    bars.settle(judgment);
    showCount();
    fill(summary, summaryFigures(judgment), h("p", {}, h("a", { href: `/judgments/${encodeURIComponent(judgment.cell_id)}` }, "Open the full judgment")));
    summary.hidden = false;
    say(`Judgment ${judgment.status}${judgment.cached ? " (cached: this cell was judged before)" : ""}: Q-score ${score(judgment.q_score)}, ${judgment.verdict ?? "no verdict"}.`);
  };
  // Counters on the container, for scripts and tests: frames applied and sockets reopened.
  const container = byId("l-dimensions");
  let frames = 0;
  let reconnects = 0;
  const counter = (name: "frames" | "reconnects", value: number) => container.setAttribute(`data-${name}`, String(value));
  let firstBarSeen = false;
  const onFrame = (frame: StreamFrame) => {
    if (frame.type === "snapshot" && frame.total > 0) showCount(Math.max(bars.filled, frame.done));
    if (frame.type === "judgment.started") say(`Scoring ${frame.total} dimension${frame.total === 1 ? "" : "s"}…`);
    if (frame.type === "dimension.scored") {
      if (!firstBarSeen) {
        firstBarSeen = true;
        performance.mark(MARKS.firstBar);
      }
      bars.scored(frame.dimension, frame.score);
      showCount();
      counter("frames", ++frames);
    }
    if (frame.type === "dimension.failed") bars.failed(frame.dimension);
  };

  // The rubric choice lists what the API has; the bars follow the chosen one.
  withApi(async (api) => unwrap(await api.v1.rubrics.$get()))
    .then((list) => {
      fill(rubricSelect, ...list.items.map((rubric) => h("option", { value: rubric.id, selected: rubric.id === "cynic-36" }, `${rubric.id} (v${rubric.version}, ${rubric.dimensions} dimensions)`)));
    })
    .catch(() => undefined);
  rubricSelect.addEventListener("change", () => void layoutRubric(rubricSelect.value).catch((error) => say(`Could not load the rubric: ${describeFailure(error)}`, true)));
  await layoutRubric(rubricSelect.value).catch((error) => say(`Could not load the rubric: ${describeFailure(error)}`, true));

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    follower?.close();
    submit.disabled = true;
    summary.hidden = true;
    firstBarSeen = false;
    counter("frames", (frames = 0));
    counter("reconnects", (reconnects = 0));
    form.dataset.state = "running";
    const data = new FormData(form);
    const cellId = String(data.get("cell_id"));
    const reality = String(data.get("reality") ?? "");
    const body = {
      content: String(data.get("content") ?? ""),
      cell_id: cellId,
      rubric: String(data.get("rubric") ?? "cynic-36"),
      judge: String(data.get("judge") ?? "default"),
      ...(reality ? { reality: reality as never } : {}),
    };
    try {
      await layoutRubric(body.rubric);
      say("Opening the cell's stream…");
      const current = await followCell(cellId, {
        onFrame,
        onReconnecting: (attempt, delayMs) => {
          counter("reconnects", ++reconnects);
          say(`The stream dropped; reconnecting in ${Math.round(delayMs / 100) / 10} s (attempt ${attempt})…`);
        },
      });
      follower = current;
      say("Submitting…");
      performance.clearMarks();
      performance.mark(MARKS.submitted);
      const headers: Record<string, string> = data.get("async") ? { prefer: "respond-async" } : {};
      const reply = await withApi(async (api) => unwrap(await api.v1.judgments.$post({ json: body }, { headers })));
      if (reply.status === "completed") {
        finish(reply);
        // The reply holds the whole judgment; frames sent before it may still be on their way.
        await Promise.race([current.ended, new Promise((resolve) => setTimeout(resolve, STREAM_GRACE_MS))]);
        current.close();
        form.dataset.state = "done";
      } else {
        say(`Accepted (${reply.status}); scoring…`);
        const outcome = await current.ended;
        if (outcome.status === "completed") finish(outcome.judgment);
        else say(`The judgment failed: ${outcome.error.code}: ${outcome.error.message}`, true);
        form.dataset.state = outcome.status === "completed" ? "done" : "failed";
      }
      cellInput.value = freshCellId();
    } catch (error) {
      follower?.close();
      say(`The judgment was refused: ${describeFailure(error)}`, true);
      form.dataset.state = "failed";
    } finally {
      submit.disabled = false;
    }
  });
}
