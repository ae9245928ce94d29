import { describe, expect, it } from "vitest";
import { backoffMs, parseRetryAfter, postJsonWithRetries, ProviderCallError } from "../../src/judge/providers/http-call.ts";

/** A fetch that answers from a script of replies, recording each request. */
function scripted(replies: (Response | Error)[]) {
  const requests: Request[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    requests.push(new Request(input, init));
    const next = replies.shift();
    if (!next) throw new Error("no more replies");
    if (next instanceof Error) throw next;
    return next;
  };
  return { fetch: fetch as typeof globalThis.fetch, requests };
}

const ok = () => new Response(JSON.stringify({ fine: true }), { status: 200 });
const status = (code: number, headers: Record<string, string> = {}) => new Response("upstream says no: key sk-secret", { status: code, headers });

function call(replies: (Response | Error)[], retries = 2) {
  const waits: number[] = [];
  const { fetch, requests } = scripted(replies);
  const result = postJsonWithRetries({
    url: "http://model.test/v1/chat/completions",
    body: { hello: "world" },
    headers: { authorization: "Bearer k" },
    timeoutMs: 1_000,
    retries,
    fetch,
    sleep: async (ms) => void waits.push(ms),
    random: () => 0.5,
  });
  return { result, waits, requests };
}

describe("postJsonWithRetries", () => {
  it("posts JSON with the given headers and returns the parsed reply", async () => {
    const { result, requests } = call([ok()]);
    expect(await result).toEqual({ json: { fine: true }, attempts: 1 });
    expect(requests[0]!.method).toBe("POST");
    expect(requests[0]!.headers.get("content-type")).toBe("application/json");
    expect(requests[0]!.headers.get("authorization")).toBe("Bearer k");
    expect(await requests[0]!.json()).toEqual({ hello: "world" });
  });

  it("retries 429, 5xx and network errors with backoff, honouring Retry-After", async () => {
    const { result, waits } = call([status(429, { "retry-after": "2" }), new TypeError("connection reset"), ok()]);
    expect((await result).attempts).toBe(3);
    expect(waits).toEqual([2_000, backoffMs(2, () => 0.5)]);
  });

  it("stops after the configured retries with the last status, and never carries the upstream body", async () => {
    const { result, waits } = call([status(500), status(502), status(503)]);
    const error = await result.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderCallError);
    expect(error).toMatchObject({ kind: "http", status: 503, attempts: 3, endpointFault: true });
    expect((error as Error).message).not.toContain("sk-secret");
    expect(waits).toHaveLength(2);
  });

  it.each([400, 401, 403, 404, 422])("does not retry HTTP %i", async (code) => {
    const { result, requests } = call([status(code), ok()]);
    await expect(result).rejects.toMatchObject({ kind: "http", status: code, attempts: 1, endpointFault: false });
    expect(requests).toHaveLength(1);
  });

  it("gives up at once when asked to wait longer than a minute", async () => {
    const { result, waits } = call([status(429, { "retry-after": "3600" }), ok()]);
    await expect(result).rejects.toMatchObject({ status: 429, retryAfterSeconds: 3600 });
    expect(waits).toEqual([]);
  });

  it("reports a 200 that is not JSON as a bad response", async () => {
    const { result } = call([new Response("<html>proxy error</html>", { status: 200 })]);
    await expect(result).rejects.toMatchObject({ kind: "bad_response" });
  });

  it("times out an attempt that does not answer", async () => {
    const hang = (async (_input: RequestInfo | URL, init?: RequestInit) =>
      new Promise<Response>((_, reject) => init!.signal!.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError"))))) as typeof fetch;
    const result = postJsonWithRetries({ url: "http://model.test", body: {}, timeoutMs: 20, retries: 0, fetch: hang });
    await expect(result).rejects.toMatchObject({ kind: "timeout", endpointFault: true });
  });
});

describe("Retry-After and backoff", () => {
  it("reads seconds and HTTP dates", () => {
    expect(parseRetryAfter("5")).toBe(5);
    expect(parseRetryAfter("Wed, 21 Oct 2015 07:28:10 GMT", Date.parse("Wed, 21 Oct 2015 07:28:00 GMT"))).toBe(10);
    expect(parseRetryAfter("soon")).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });

  it("doubles per attempt up to a cap, with jitter in the upper half", () => {
    expect(backoffMs(1, () => 0)).toBe(125);
    expect(backoffMs(1, () => 1)).toBe(250);
    expect(backoffMs(3, () => 1)).toBe(1_000);
    expect(backoffMs(20, () => 1)).toBe(8_000);
  });
});
