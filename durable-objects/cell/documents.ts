import { judgmentDocument } from "../../src/cells/judgment-document.ts";
import { panelUsage } from "../../src/cells/panel-rules.ts";
import type { CellReply } from "../../src/objects/cell.ts";
import type { Judgment } from "../../src/schemas/judgment.ts";
import type { JurorStore } from "./juror-store.ts";
import type { CellState, CellStore } from "./store.ts";

/**
 * The cell's judgment as its readers get it: the document (a panel's with its jury), its JSON text and
 * the RPC reply. A completed judgment is final, so its texts are made once per instance.
 */
export class CellDocuments {
  readonly #store: CellStore;
  readonly #jurors: JurorStore;
  #completedText: { judgmentId: string; fresh: string | undefined; cached: string | undefined } | null = null;

  constructor(store: CellStore, jurors: JurorStore) {
    this.#store = store;
    this.#jurors = jurors;
  }

  /** What the judgment has cost so far: a panel's is the sum of its jurors'. */
  spentUsd(state: CellState): number {
    return state.request.panel ? panelUsage(this.#jurors.records()).cost_usd : state.usage.cost_usd;
  }

  document(state: CellState, cached: boolean): Judgment {
    const { panel } = state.request;
    if (!panel) return judgmentDocument(state, this.#store.dimensions(), { cached });
    const outcomes = this.#jurors.outcomes();
    const records = this.#jurors.records();
    const view = this.#jurors.view(state.request.rubric, panel);
    // A panel's usage is the sum of its jurors' (their rows are written as each batch lands).
    return judgmentDocument({ ...state, usage: panelUsage(records) }, {}, { cached, jury: { view, jurorOutcomes: Object.values(outcomes).flatMap((byDimension) => Object.values(byDimension)) } });
  }

  /**
   * The document as JSON text. A completed judgment is final, so its two texts (as answered fresh and
   * as cached) are made once: a thousand readers of a hot cell cost one serialization, and crossing
   * the RPC boundary as a string is a copy rather than a structured clone.
   */
  text(state: CellState, cached: boolean): string {
    if (state.status !== "completed") return JSON.stringify(this.document(state, cached));
    if (this.#completedText?.judgmentId !== state.judgmentId) this.#completedText = { judgmentId: state.judgmentId, fresh: undefined, cached: undefined };
    const key = cached ? "cached" : "fresh";
    return (this.#completedText[key] ??= JSON.stringify(this.document(state, cached)));
  }

  reply(state: CellState, cached: boolean): CellReply {
    const scoringMs = !cached && state.startedAt !== null && state.completedAt !== null ? state.completedAt - state.startedAt : null;
    return { kind: "judgment", status: state.status, text: this.text(state, cached), cached, scoringMs };
  }
}
