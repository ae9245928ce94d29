import type { ClientResponse } from "hono/client";
import type { SuccessStatusCode } from "hono/utils/http-status";
import type { ProblemDetails } from "../errors.ts";

/** A reply of the API that was not a success: its problem+json (RFC 9457), with the stable `code`. */
export class ApiProblemError extends Error {
  override name = "ApiProblemError";
  readonly status: number;
  readonly problem: ProblemDetails;

  constructor(status: number, problem: ProblemDetails) {
    super(`${status} ${problem.code}: ${problem.detail}`);
    this.status = status;
    this.problem = problem;
  }
}

/** The body type of the success replies among the replies `R` a call may get. */
export type SuccessBody<R> = R extends ClientResponse<infer Body, infer Status, "json"> ? (Status extends SuccessStatusCode ? Body : never) : never;

/** Whether `value` has the problem+json members every error reply of the API carries. */
function isProblem(value: unknown): value is ProblemDetails {
  return typeof value === "object" && value !== null && "code" in value && "detail" in value && "status" in value;
}

/**
 * The body of a success reply, or an `ApiProblemError` carrying the problem details of an error reply.
 *
 * @example
 * try {
 *   const judgment = await unwrap(await api.v1.judgments.$post({ json: { content: "" } }));
 * } catch (error) {
 *   if (error instanceof ApiProblemError) console.log(error.problem.code); // "invalid_request"
 * }
 */
export async function unwrap<R extends ClientResponse<unknown, number, "json">>(reply: R): Promise<SuccessBody<R>> {
  const text = await reply.text();
  const body = parseJson(text);
  if (reply.ok && body !== undefined) return body as SuccessBody<R>;
  if (isProblem(body)) throw new ApiProblemError(reply.status, body);
  const detail = `the reply is not this API's JSON: ${text.slice(0, 200)}`;
  throw new ApiProblemError(reply.status, { type: "about:blank", title: "Unexpected reply", status: reply.status, detail, code: "internal" });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
