import { z } from "@hono/zod-openapi";
import { ERROR_CODES, type ErrorCode } from "../errors.ts";

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
        content: { "application/problem+json": { schema: ProblemSchema } },
      },
    ]),
  );
}
