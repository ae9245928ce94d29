import type { JudgmentStatus } from "../schemas/judgment.ts";

/** A completed judgment as its cell answered a repeat request: its content digest and its JSON text (`cached: true`). */
export interface CompletedJudgment {
  contentDigest: string;
  text: string;
}

interface Entry extends CompletedJudgment {
  bytes: number;
}

/**
 * Completed judgments as their cells answered this isolate, least recently used first, bounded by an
 * estimate of the memory they hold. A completed judgment is final (a cell never judges again once
 * it completed), so answering a repeat read or POST from here is what the cell itself would answer,
 * without the round trip into it. Keys are cells' object names (`tenantObjectName`: tenant and cell id),
 * so one tenant's judgment is never found under another tenant's key. Anything but a completed judgment
 * is refused: a pending or scoring one changes, and a failed one may be judged again.
 */
export class CompletedJudgments {
  readonly #maxBytes: number;
  /** A Map iterates in insertion order: re-inserting on every hit keeps the least recent first. */
  readonly #entries = new Map<string, Entry>();
  #bytes = 0;

  constructor(maxBytes: number) {
    this.#maxBytes = maxBytes;
  }

  /** The estimated memory held (UTF-16 strings: two bytes a code unit). */
  get bytes(): number {
    return this.#bytes;
  }

  get size(): number {
    return this.#entries.size;
  }

  /** The completed judgment of a cell (by its object name), now the most recently used; undefined when not held. */
  get(objectName: string): CompletedJudgment | undefined {
    const entry = this.#entries.get(objectName);
    if (!entry) return undefined;
    this.#entries.delete(objectName);
    this.#entries.set(objectName, entry);
    return entry;
  }

  /**
   * Keeps a cell's judgment if it is completed (anything else is ignored), evicting the least recently
   * used until it fits; one larger than the whole bound is not kept.
   */
  remember(objectName: string, judgment: CompletedJudgment & { status: JudgmentStatus }): void {
    if (judgment.status !== "completed") return;
    const bytes = 2 * (objectName.length + judgment.contentDigest.length + judgment.text.length);
    if (bytes > this.#maxBytes) return;
    this.#forget(objectName);
    while (this.#bytes + bytes > this.#maxBytes) {
      const oldest = this.#entries.keys().next();
      if (oldest.done) break;
      this.#forget(oldest.value);
    }
    this.#entries.set(objectName, { contentDigest: judgment.contentDigest, text: judgment.text, bytes });
    this.#bytes += bytes;
  }

  #forget(objectName: string): void {
    const entry = this.#entries.get(objectName);
    if (!entry) return;
    this.#entries.delete(objectName);
    this.#bytes -= entry.bytes;
  }
}

let isolateCache: CompletedJudgments | null = null;

/**
 * This isolate's cache of completed judgments, made once for `maxBytes` (`JUDGMENT_CACHE_BYTES`), or
 * null when that is 0 (every request asks its cell).
 */
export function completedJudgments(maxBytes: number): CompletedJudgments | null {
  if (maxBytes <= 0) return null;
  isolateCache ??= new CompletedJudgments(maxBytes);
  return isolateCache;
}
