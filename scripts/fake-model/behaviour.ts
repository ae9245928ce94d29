/**
 * How the fake model behaves, chosen by the client through the model name, so one server can play a
 * healthy model, a flaky one and a broken one at once, and each test (or judge profile) picks its own:
 *
 *   fake                                  healthy, deterministic scores
 *   fake+latency=100                      every reply 100 ms late
 *   fake+score=70                         every dimension scores 70
 *   fake+scores=ACCURACY:40,NOVELTY:90     planned scores of named dimensions (others as above)
 *   fake+nologprobs                       ignores `logprobs: true` (a server without token probabilities)
 *   fake+modes=429,500,ok                 1st attempt 429, 2nd 500, then ok (per distinct request)
 *   fake+modes=garbage+retry-after=2      always garbage; 429/503 replies carry Retry-After: 2
 *   fake+noschema                         rejects json_schema structured output (answers json_object)
 *   fake+auth=sk-test                     requires `Authorization: Bearer sk-test`
 *   fake+prefer=first                     comparisons: always the first shown (see preferences.ts)
 *   fake+usage=max                        reports the most a real endpoint could bill (wire.ts `Billing`;
 *                                         `usage=excess`: ten times that)
 */

export const REPLY_MODES = [
  "ok", // valid JSON with every requested dimension
  "fenced", // valid JSON inside a ```json code fence
  "prose", // valid JSON with prose before and after
  "garbage", // not JSON at all
  "truncated", // JSON cut off half way
  "wrongtypes", // scores as words
  "missing", // the first requested dimension left out
  "extra", // an unrequested dimension added
  "outofrange", // scores of 150
  "empty", // an empty message
  "429", // rate limited, with Retry-After
  "500", // server error
  "503", // unavailable, with Retry-After
  "hang", // no reply until the client gives up (or `hang` ms)
] as const;

export type ReplyMode = (typeof REPLY_MODES)[number];

export interface Behaviour {
  latencyMs: number;
  /** A fixed score for every dimension, or null for deterministic per-dimension scores. */
  score: number | null;
  /** Planned scores of named dimensions, over `score`. */
  scores: Record<string, number>;
  /** Answer without token probabilities even when asked for them. */
  noLogprobs: boolean;
  /** Mode of each attempt of the same request; the last one repeats. */
  modes: ReplyMode[];
  retryAfterSeconds: number;
  /** Refuse `response_format: json_schema` as servers without structured outputs do. */
  noSchema: boolean;
  /** Bearer key the caller must send, if any. */
  apiKey: string | null;
  /** How long a `hang` lasts at most. */
  hangMs: number;
  /** How comparison calls are answered (preferences.ts); null: by deterministic scores. */
  prefer: "first" | "second" | "tie" | "marked" | null;
  /** What replies report as used (wire.ts). */
  billing: "typical" | "max" | "excess";
}

const MODES = new Set<string>(REPLY_MODES);

function int(value: string, name: string, min: number, max: number): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < min || parsed > max) throw new Error(`fake model: ${name} must be an integer in ${min}..${max}`);
  return parsed;
}

/**
 * Reads the directives of a model name (`name+key=value+flag…`); an unknown directive is an error, so
 * a typo in a test fails loudly instead of silently testing the healthy path.
 *
 * @example
 * behaviourOf("fake+modes=429,ok+latency=50", 0); // { latencyMs: 50, modes: ["429", "ok"], … }
 */
export function behaviourOf(model: string, defaultLatencyMs: number): Behaviour {
  const behaviour: Behaviour = {
    latencyMs: defaultLatencyMs,
    score: null,
    scores: {},
    noLogprobs: false,
    modes: ["ok"],
    retryAfterSeconds: 1,
    noSchema: false,
    apiKey: null,
    hangMs: 120_000,
    prefer: null,
    billing: "typical",
  };
  for (const directive of model.split("+").slice(1)) {
    const [key = "", value = ""] = directive.split("=", 2);
    switch (key) {
      case "latency":
        behaviour.latencyMs = int(value, "latency", 0, 600_000);
        break;
      case "score":
        behaviour.score = int(value, "score", 0, 100);
        break;
      case "scores":
        for (const planned of value.split(",")) {
          const [dimension = "", score = ""] = planned.split(":", 2);
          if (!/^[A-Z][A-Z0-9_]*$/.test(dimension)) throw new Error(`fake model: scores wants DIMENSION:score pairs, not "${planned}"`);
          behaviour.scores[dimension] = int(score, `score of ${dimension}`, 0, 100);
        }
        break;
      case "nologprobs":
        behaviour.noLogprobs = true;
        break;
      case "modes": {
        const modes = value.split(",");
        const unknown = modes.find((mode) => !MODES.has(mode));
        if (unknown !== undefined) throw new Error(`fake model: unknown mode "${unknown}" (known: ${REPLY_MODES.join(", ")})`);
        behaviour.modes = modes as ReplyMode[];
        break;
      }
      case "retry-after":
        behaviour.retryAfterSeconds = int(value, "retry-after", 0, 3_600);
        break;
      case "hang":
        behaviour.hangMs = int(value, "hang", 0, 600_000);
        break;
      case "noschema":
        behaviour.noSchema = true;
        break;
      case "auth":
        behaviour.apiKey = value;
        break;
      case "prefer":
        if (!["first", "second", "tie", "marked"].includes(value)) throw new Error(`fake model: prefer must be first, second, tie or marked`);
        behaviour.prefer = value as Behaviour["prefer"];
        break;
      case "usage":
        if (value !== "max" && value !== "typical" && value !== "excess") throw new Error("fake model: usage must be typical, max or excess");
        behaviour.billing = value;
        break;
      default:
        throw new Error(`fake model: unknown directive "${directive}"`);
    }
  }
  return behaviour;
}

/** The mode of the n-th (1-based) attempt. */
export function modeOfAttempt(behaviour: Behaviour, attempt: number): ReplyMode {
  return behaviour.modes[Math.min(attempt, behaviour.modes.length) - 1]!;
}

/** A deterministic score in 20..95 for a dimension of a given text (FNV-1a). */
export function deterministicScore(dimension: string, text: string): number {
  let hash = 0x811c9dc5;
  for (const ch of `${dimension}\u0000${text}`) {
    hash ^= ch.codePointAt(0)!;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return 20 + (hash % 76);
}
