/**
 * A per-request recorder of named durations, rendered as a `Server-Timing` header (W3C Server Timing).
 * The request-log middleware makes one per request and stores it on the Hono context as `timing`.
 *
 * Inside workerd the clock only advances across I/O (a Spectre mitigation:
 * https://developers.cloudflare.com/workers/reference/security-model/#step-1-disallow-timers-and-multi-threading),
 * so a measure is the I/O time it awaited: exactly what `model` and `storage` entries are for.
 */

export interface TimingEntry {
  /** A metric name: a token such as `model`, `storage`, `cell` (letters, digits, `_`, `-`). */
  name: string;
  /** Milliseconds; entries with the same name add up. */
  durationMs: number;
  /** Short human text shown by browser devtools. */
  description?: string;
}

const METRIC_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,31}$/;
const MAX_ENTRIES = 16;

/**
 * @example
 * const timing = c.get("timing");
 * const judgment = await timing.measure("cell", () => cellStub(c.env, cellId).submit(job));
 * timing.add("model", judgment.timing.scoring_ms ?? 0, "scoring inside the cell");
 * // reply header: Server-Timing: cell;dur=812, model;dur=790;desc="scoring inside the cell", total;dur=815
 */
export class RequestTiming {
  readonly #startedAt: number;
  readonly #entries = new Map<string, TimingEntry>();

  constructor(startedAt: number = Date.now()) {
    this.#startedAt = startedAt;
  }

  /** Runs `work` and records how long it took under `name`, whether it resolves or throws. */
  async measure<T>(name: string, work: () => Promise<T>, description?: string): Promise<T> {
    const started = Date.now();
    try {
      return await work();
    } finally {
      this.add(name, Date.now() - started, description);
    }
  }

  /** Records a duration measured elsewhere (e.g. `timing.scoring_ms` a Durable Object reported). */
  add(name: string, durationMs: number, description?: string): void {
    if (!METRIC_NAME.test(name) || !Number.isFinite(durationMs) || durationMs < 0) return;
    const previous = this.#entries.get(name);
    if (!previous && this.#entries.size >= MAX_ENTRIES) return;
    const total = (previous?.durationMs ?? 0) + durationMs;
    this.#entries.set(name, { name, durationMs: total, description: description ?? previous?.description });
  }

  /** Milliseconds since the request started. */
  elapsedMs(now: number = Date.now()): number {
    return Math.max(0, now - this.#startedAt);
  }

  /** The recorded entries, in the order they were first recorded. */
  entries(): TimingEntry[] {
    return [...this.#entries.values()];
  }

  /** The `Server-Timing` value: every entry, then `total`. */
  header(now: number = Date.now()): string {
    return [...this.entries(), { name: "total", durationMs: this.elapsedMs(now) }].map(formatEntry).join(", ");
  }
}

function formatEntry(entry: TimingEntry): string {
  const duration = `${entry.name};dur=${round(entry.durationMs)}`;
  return entry.description === undefined ? duration : `${duration};desc=${quoted(entry.description)}`;
}

const round = (ms: number) => Math.round(ms * 10) / 10;

/** A quoted-string (RFC 9110 §5.6.4) holding only printable ASCII, at most 64 characters. */
function quoted(text: string): string {
  const printable = text.replace(/[^\x20-\x7e]/g, "").slice(0, 64);
  return `"${printable.replace(/["\\]/g, "\\$&")}"`;
}
