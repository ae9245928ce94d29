/**
 * Typed API errors and their RFC 9457 problem+json form. Every error reply the API sends goes through
 * `problemResponse`, so the envelope and the `code`s stay stable.
 */

export const ERROR_CODES = {
  invalid_request: { status: 400, title: "Invalid request" },
  unauthorized: { status: 401, title: "Unauthorized" },
  not_found: { status: 404, title: "Not found" },
  method_not_allowed: { status: 405, title: "Method not allowed" },
  cell_conflict: { status: 409, title: "Cell conflict" },
  payload_too_large: { status: 413, title: "Payload too large" },
  unsupported_media_type: { status: 415, title: "Unsupported media type" },
  budget_too_low: { status: 422, title: "Budget too low" },
  budget_exhausted: { status: 422, title: "Budget exhausted" },
  rate_limited: { status: 429, title: "Too many requests" },
  quota_exceeded: { status: 429, title: "Quota exceeded" },
  internal: { status: 500, title: "Internal error" },
  provider_unavailable: { status: 503, title: "Model provider unavailable" },
  storage_unavailable: { status: 503, title: "Storage unavailable" },
  overloaded: { status: 503, title: "Overloaded" },
  misconfigured: { status: 503, title: "Server misconfigured" },
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export interface FieldError {
  path: string;
  message: string;
}

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode;
  errors?: FieldError[];
  [extension: string]: unknown;
}

/** An error the API reports to its caller as problem+json with a stable `code`. */
export class ApiError extends Error {
  override name = "ApiError";
  readonly code: ErrorCode;
  readonly status: number;
  readonly errors: FieldError[] | undefined;
  readonly retryAfterSeconds: number | undefined;
  readonly extensions: Record<string, unknown>;
  /** Reply headers the error's status calls for, e.g. `WWW-Authenticate` on a 401 (RFC 9110 §11.6.1). */
  readonly headers: Record<string, string>;

  constructor(
    code: ErrorCode,
    detail: string,
    options: {
      errors?: FieldError[];
      retryAfterSeconds?: number;
      extensions?: Record<string, unknown>;
      headers?: Record<string, string>;
    } = {},
  ) {
    super(detail);
    this.code = code;
    this.status = ERROR_CODES[code].status;
    this.errors = options.errors;
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.extensions = options.extensions ?? {};
    this.headers = options.headers ?? {};
  }

  toProblem(): ProblemDetails {
    return {
      ...this.extensions,
      type: `/problems/${this.code}`,
      title: ERROR_CODES[this.code].title,
      status: this.status,
      detail: this.message,
      code: this.code,
      ...(this.errors ? { errors: this.errors } : {}),
    };
  }
}

/** Builds the problem+json reply for an error with its headers; `Retry-After` is set for 429 and 503. */
export function problemResponse(error: ApiError, headers: HeadersInit = {}): Response {
  const reply = new Headers(headers);
  for (const [name, value] of Object.entries(error.headers)) reply.set(name, value);
  reply.set("content-type", "application/problem+json");
  if (error.retryAfterSeconds !== undefined || error.status === 429 || error.status === 503) {
    reply.set("retry-after", String(error.retryAfterSeconds ?? 1));
  }
  return new Response(JSON.stringify(error.toProblem()), { status: error.status, headers: reply });
}

/**
 * SQLite's codes for a database that cannot be opened, written or grown right now (a process at its
 * open-file limit, a full disk, an I/O error), and the errno behind the first: resource faults, never a
 * query's mistake. A cell is judged exactly once whatever happens to it, so a retry is always safe.
 */
const STORAGE_EXHAUSTED = /\bSQLITE_(?:CANTOPEN|FULL|IOERR|NOMEM)\b|Too many open files|\bEMFILE\b|\bENOSPC\b/;

/**
 * What a caller sees when the runtime itself failed inside an object (its log has the cause under the
 * reference): a cell's SQLite that cannot be opened with the process at its open-file limit arrives so,
 * never with SQLite's code. The runtime's own fault, not the object's code: ours throws its own errors.
 */
const RUNTIME_INTERNAL = /\binternal error; reference = \w+/;

/** The platform's flag on a call into an object that cannot keep up: calling it again only adds load. */
export function isOverloaded(error: unknown): boolean {
  return (error as { overloaded?: unknown } | null | undefined)?.overloaded === true;
}

/**
 * What the platform says of a failed call into a Durable Object, as a reply: `.overloaded` (the object
 * cannot keep up; retrying makes it worse) and `.retryable` (a transient fault the caller may retry) are
 * the runtime's own flags (https://developers.cloudflare.com/durable-objects/best-practices/error-handling/);
 * storage exhaustion inside the object carries neither, only SQLite's code in its message.
 */
export function platformFault(error: unknown): ApiError | null {
  if (typeof error !== "object" || error === null) return null;
  if (isOverloaded(error)) return new ApiError("overloaded", "The server is overloaded; retry later.", { retryAfterSeconds: 2 });
  const message = String(error);
  if (STORAGE_EXHAUSTED.test(message)) {
    return new ApiError("storage_unavailable", "Storage is temporarily unavailable; retry later.", { retryAfterSeconds: 2 });
  }
  if ((error as { retryable?: unknown }).retryable === true || RUNTIME_INTERNAL.test(message)) {
    return new ApiError("overloaded", "The platform could not take the request right now; retry it.", { retryAfterSeconds: 1 });
  }
  return null;
}

/** Maps anything thrown to an ApiError without leaking messages of unexpected errors. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  return platformFault(error) ?? new ApiError("internal", "An unexpected error occurred; it has been logged.");
}
