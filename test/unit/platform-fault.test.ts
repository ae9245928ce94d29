import { describe, expect, it, vi } from "vitest";
import { ApiError, platformFault, problemResponse, toApiError } from "../../src/errors.ts";
import { callAgainOnFault } from "../../src/objects/call-again.ts";

/** An error as workerd throws it from a Durable Object call, with the runtime's flags. */
function platformError(message: string, flags: { overloaded?: boolean; retryable?: boolean } = {}): Error {
  return Object.assign(new Error(message), flags);
}

describe("platformFault", () => {
  it("answers an overloaded object 503 overloaded with Retry-After", async () => {
    const error = toApiError(platformError("Durable Object is overloaded. Too many requests queued.", { overloaded: true, retryable: false }));
    expect(error.code).toBe("overloaded");
    const reply = problemResponse(error);
    expect(reply.status).toBe(503);
    expect(reply.headers.get("retry-after")).toBe("2");
    expect(await reply.text()).not.toContain("Too many requests queued");
  });

  it("answers a cell whose SQLite cannot be opened or written 503 storage_unavailable", () => {
    for (const message of [
      "Error: SQLITE_CANTOPEN: unable to open database file",
      "Error: database or disk is full: SQLITE_FULL",
      "SQLITE_IOERR: disk I/O error",
      "Error: accept(): Too many open files",
      "Error: EMFILE: too many open files, open '/tmp/x.sqlite'",
    ]) {
      expect(platformFault(platformError(message))?.code, message).toBe("storage_unavailable");
    }
  });

  it("answers a transient platform fault 503 overloaded, not 500", () => {
    expect(toApiError(platformError("Network connection lost.", { retryable: true })).status).toBe(503);
  });

  it("answers the runtime's own internal error inside an object 503, its reference left to the log", () => {
    // What the Worker got for a cell whose SQLite hit SQLITE_CANTOPEN (the bench's OVERLOAD=off run).
    const mapped = toApiError(platformError("internal error; reference = vuv9dls5au5ed6khrb87mlmg"));
    expect(mapped).toMatchObject({ code: "overloaded", status: 503, retryAfterSeconds: 1 });
    expect(mapped.message).not.toContain("vuv9dls5");
  });

  it("leaves a bug a 500 that says nothing of it", () => {
    for (const error of [new TypeError("cannot read properties of undefined"), platformError("SQLITE_ERROR: no such column: nope"), "thrown string", null]) {
      expect(platformFault(error)).toBeNull();
      const mapped = toApiError(error);
      expect(mapped.code).toBe("internal");
      expect(mapped.message).not.toMatch(/undefined|nope|string/);
    }
  });

  it("keeps the API's own errors as they are", () => {
    const own = new ApiError("not_found", "no such cell");
    expect(toApiError(own)).toBe(own);
  });
});

describe("callAgainOnFault", () => {
  it("calls once more after a platform fault, through a new call", async () => {
    const call = vi.fn<() => Promise<string>>().mockRejectedValueOnce(platformError("Network connection lost.", { retryable: true })).mockResolvedValueOnce("judged");
    await expect(callAgainOnFault("cell", call)).resolves.toBe("judged");
    expect(call).toHaveBeenCalledTimes(2);
  });

  it("does not call an overloaded object again", async () => {
    const call = vi.fn<() => Promise<string>>().mockRejectedValue(platformError("Durable Object is overloaded.", { overloaded: true }));
    await expect(callAgainOnFault("cell", call)).rejects.toMatchObject({ overloaded: true });
    expect(call).toHaveBeenCalledTimes(1);
  });

  it("does not call again after the API's own refusal", async () => {
    const call = vi.fn<() => Promise<string>>().mockRejectedValue(new ApiError("cell_conflict", "other content"));
    await expect(callAgainOnFault("cell", call)).rejects.toBeInstanceOf(ApiError);
    expect(call).toHaveBeenCalledTimes(1);
  });
});
