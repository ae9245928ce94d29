import { z } from "@hono/zod-openapi";
import { ERROR_CODES, type ErrorCode } from "../errors.ts";
import { EXAMPLES } from "../openapi/examples.ts";

/** RFC 9457 problem details, as every error reply carries them. */
export const ProblemSchema = z
  .object({
    type: z.string().openapi({ example: "/problems/invalid_request" }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.enum(Object.keys(ERROR_CODES) as [ErrorCode, ...ErrorCode[]]),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .openapi("Problem");

export type Problem = z.output<typeof ProblemSchema>;

/**
 * One example problem per code, keyed by code, so the document names every code a response can carry:
 * the real reply where one was recorded, else the code's envelope.
 */
export function problemExamples(codes: readonly ErrorCode[]) {
  return Object.fromEntries(
    codes.map((code) => {
      const { status, title } = ERROR_CODES[code];
      return [code, { summary: code, value: EXAMPLES.problems[code] ?? { type: `/problems/${code}`, title, status, detail: `${title}.`, code } }];
    }),
  );
}

/** 429 and 503 replies carry `Retry-After` (src/errors.ts `problemResponse`). */
export function retryAfterHeader(status: number) {
  if (status !== 429 && status !== 503) return {};
  return { headers: { "Retry-After": { description: "Seconds to wait before retrying.", schema: { type: "integer" as const } } } };
}

/** OpenAPI response entries for the given error codes, all problem+json. */
export function problemResponses(...codes: ErrorCode[]) {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of codes) {
    const status = ERROR_CODES[code].status;
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  return Object.fromEntries(
    [...byStatus].map(([status, list]) => [
      status,
      {
        description: `Problem details; code: ${list.join(", ")}`,
        ...retryAfterHeader(status),
        content: { "application/problem+json": { schema: ProblemSchema, examples: problemExamples(list) } },
      },
    ]),
  );
}
