/**
 * One JSON POST to a model endpoint with a timeout per attempt and bounded retries: jittered exponential
 * backoff on 429, 5xx, timeouts and network errors, honouring `Retry-After`. Errors never carry the
 * upstream body (it may echo keys or prompts); the status and kind are enough to act on.
 */

export type CallErrorKind = "timeout" | "network" | "http" | "bad_response" | "aborted";

export class ProviderCallError extends Error {
  override name = "ProviderCallError";
  readonly kind: CallErrorKind;
  readonly status: number | undefined;
  readonly attempts: number;
  readonly retryAfterSeconds: number | undefined;

  constructor(kind: CallErrorKind, message: string, details: { status?: number; attempts: number; retryAfterSeconds?: number }) {
    super(message);
    this.kind = kind;
    this.status = details.status;
    this.attempts = details.attempts;
    this.retryAfterSeconds = details.retryAfterSeconds;
  }

  /** The endpoint itself failed (as opposed to refusing this request): what a circuit breaker counts. */
  get endpointFault(): boolean {
    return this.kind === "timeout" || this.kind === "network" || (this.status !== undefined && (this.status >= 500 || this.status === 429));
  }
}

export interface HttpCallOptions {
  url: string;
  body: unknown;
  headers?: Record<string, string>;
  timeoutMs: number;
  /** Attempts after the first. */
  retries: number;
  signal?: AbortSignal | undefined;
  /** Injected in tests; default the global fetch. */
  fetch?: typeof fetch;
  /** Injected in tests; default a timer that stops early on abort. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
  /** Told before each attempt (it may throw to stop the call) and of each attempt that failed. */
  meter?: AttemptMeter | undefined;
}

/** What watches a call's attempts: the judgment's budget (src/judge/providers/chat-call.ts). */
export interface AttemptMeter {
  before(): void;
  failed(error: ProviderCallError): void;
}

const BACKOFF_BASE_MS = 250;
const BACKOFF_MAX_MS = 8_000;
/** A server asking for a longer pause than this is treated as down for this call. */
const MAX_RETRY_AFTER_SECONDS = 60;
/** The longest a call waits before one of its retries (a backoff, or a `Retry-After` it honours). */
export const MAX_RETRY_WAIT_MS = Math.max(BACKOFF_MAX_MS, MAX_RETRY_AFTER_SECONDS * 1000);
const RETRYABLE_STATUS = new Set([408, 425, 429, 500, 502, 503, 504]);

/** `Retry-After` as seconds: a delay (`120`) or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null || value.trim() === "") return undefined;
  if (/^\s*\d+\s*$/.test(value)) return Number(value);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}

/** Full-jitter-ish exponential backoff: half the window fixed, half random, so retries spread out. */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
  const window = Math.min(BACKOFF_BASE_MS * 2 ** (attempt - 1), BACKOFF_MAX_MS);
  return Math.round(window * (0.5 + random() / 2));
}

function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });
}

async function attemptOnce(options: HttpCallOptions, attempt: number): Promise<unknown> {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  let response: Response;
  try {
    response = await (options.fetch ?? fetch)(options.url, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json", ...options.headers },
      body: JSON.stringify(options.body),
      signal,
    });
  } catch (error) {
    if (options.signal?.aborted) throw new ProviderCallError("aborted", "the call was cancelled", { attempts: attempt });
    if (timeout.aborted) throw new ProviderCallError("timeout", `no answer within ${options.timeoutMs} ms`, { attempts: attempt });
    throw new ProviderCallError("network", `the endpoint could not be reached (${(error as Error).name})`, { attempts: attempt });
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new ProviderCallError("http", `the endpoint answered HTTP ${response.status}`, {
      status: response.status,
      attempts: attempt,
      retryAfterSeconds: parseRetryAfter(response.headers.get("retry-after")),
    });
  }
  try {
    return await response.json();
  } catch {
    if (timeout.aborted) throw new ProviderCallError("timeout", `the answer did not finish within ${options.timeoutMs} ms`, { attempts: attempt });
    throw new ProviderCallError("bad_response", "the endpoint answered 200 with a body that is not JSON", { status: 200, attempts: attempt });
  }
}

function retryable(error: ProviderCallError): boolean {
  if (error.kind === "timeout" || error.kind === "network") return true;
  return error.kind === "http" && error.status !== undefined && RETRYABLE_STATUS.has(error.status);
}

/**
 * POSTs `body` as JSON and returns the parsed JSON reply.
 *
 * @example
 * const reply = await postJsonWithRetries({ url: `${base}/api/chat`, body, timeoutMs: 30_000, retries: 2 });
 * @throws ProviderCallError once retries are spent, for a non-retryable status, or when cancelled.
 */
export async function postJsonWithRetries(options: HttpCallOptions): Promise<{ json: unknown; attempts: number }> {
  const sleep = options.sleep ?? defaultSleep;
  for (let attempt = 1; ; attempt++) {
    options.meter?.before();
    try {
      return { json: await attemptOnce(options, attempt), attempts: attempt };
    } catch (error) {
      if (!(error instanceof ProviderCallError)) throw error;
      options.meter?.failed(error);
      const asked = error.retryAfterSeconds;
      if (!retryable(error) || attempt > options.retries || (asked !== undefined && asked > MAX_RETRY_AFTER_SECONDS)) throw error;
      await sleep(Math.max(backoffMs(attempt, options.random), (asked ?? 0) * 1000), options.signal);
      if (options.signal?.aborted) throw new ProviderCallError("aborted", "the call was cancelled", { attempts: attempt });
    }
  }
}
