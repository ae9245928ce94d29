import { expect, vi } from "vitest";
import { call, json } from "./http.ts";

/** A stack frame as V8 prints it (`at fn (file.ts:12:3)`), or a bare error class name leading a line. */
const STACK_TRACE = /\bat .*\.(ts|js|mjs):\d+|^\s*(Type|Reference|Syntax|Range)Error\b/m;

/** Headers every reply carries, whatever it is (security-headers, request-log, instance middleware). */
export function expectCommonHeaders(reply: Response): void {
  expect(reply.headers.get("x-content-type-options")).toBe("nosniff");
  expect(reply.headers.get("x-frame-options")).toBe("DENY");
  expect(reply.headers.get("referrer-policy")).toBe("no-referrer");
  expect(reply.headers.get("content-security-policy")).toContain("default-src 'none'");
  expect(reply.headers.get("x-request-id")).toMatch(/^[A-Za-z0-9._:-]{1,128}$/);
  expect(reply.headers.get("server-timing")).toMatch(/(^|, )total;dur=\d/);
  expect(reply.headers.get("x-instance-id")).toMatch(/^i_/);
}

/**
 * Asserts a problem+json reply with `status` and `code` that leaks nothing: no stack trace and none of
 * the `secrets` (strings the request carried or the server holds). Consumes the body.
 */
export async function expectProblem(reply: Response, status: number, code: string, secrets: string[] = []) {
  const text = await reply.text();
  expect({ status: reply.status, text: text.slice(0, 300) }).toMatchObject({ status });
  expect(reply.headers.get("content-type")).toBe("application/problem+json");
  expect(reply.headers.get("cache-control")).toBe("no-store");
  expectCommonHeaders(reply);
  const problem = JSON.parse(text) as Record<string, unknown>;
  expect(problem).toMatchObject({ status, code, type: `/problems/${code}` });
  expect(typeof problem.title).toBe("string");
  expect(typeof problem.detail).toBe("string");
  expect(text).not.toMatch(STACK_TRACE);
  for (const secret of secrets) expect(text).not.toContain(secret);
  return problem;
}

/** Asserts the cell has no judgment: nothing was stored for it. */
export async function expectNoJudgment(cellId: string, headers: Record<string, string> = {}): Promise<void> {
  const reply = await call(`/v1/judgments/${cellId}`, { headers });
  const body = await json(reply);
  expect({ status: reply.status, code: body.code }).toEqual({ status: 404, code: "not_found" });
}

/** The JSON lines the Worker logged with `event: "request"` while `work` ran. */
export async function requestLogLines(work: () => Promise<void>): Promise<Record<string, unknown>[]> {
  const log = vi.spyOn(console, "info").mockImplementation(() => undefined);
  try {
    await work();
    return log.mock.calls
      .map(([line]) => (typeof line === "string" && line.startsWith("{") ? (JSON.parse(line) as Record<string, unknown>) : null))
      .filter((line): line is Record<string, unknown> => line?.event === "request");
  } finally {
    log.mockRestore();
  }
}
