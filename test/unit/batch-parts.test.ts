import { describe, expect, it } from "vitest";
import { callbackRefusal } from "../../src/batches/callback-url.ts";
import { csvField, csvHeader, csvRow } from "../../src/batches/csv.ts";
import { parseNdjsonItems, resolveItems } from "../../src/batches/items.ts";
import { percentile, summarize } from "../../src/batches/summary.ts";
import { signWebhook, verifyWebhook, webhookRetryDelayMs } from "../../src/batches/webhook-signature.ts";
import type { BatchResultLine } from "../../src/schemas/batch.ts";

describe("callbackRefusal", () => {
  it.each([
    "http://127.0.0.1:9000/hook", "http://localhost/hook", "http://api.localhost/x", "http://10.0.0.1/", "http://172.16.5.4/",
    "http://192.168.1.1/", "http://169.254.169.254/latest/meta-data", "http://100.64.0.1/", "http://0.0.0.0/", "http://[::1]/",
    "http://[fd00:ec2::254]/", "http://[fe80::1]/", "http://[::ffff:127.0.0.1]/", "http://metadata.google.internal/",
    "http://2130706433/", "http://0x7f.0.0.1/", "ftp://example.com/", "http://user:pass@example.com/",
  ])("refuses %s", (url) => {
    expect(callbackRefusal(url)).not.toBeNull();
  });

  it.each(["https://hooks.example.com/batch", "http://203.0.113.9:8080/x", "https://[2001:db8::1]/hook", "http://172.32.0.1/"])("allows %s", (url) => {
    expect(callbackRefusal(url)).toBeNull();
  });
});

describe("webhook signatures", () => {
  it("signs t.body with HMAC-SHA256 and verifies it, refusing another secret, body or an old timestamp", async () => {
    const header = await signWebhook("s3cret", '{"a":1}', 1_700_000_000);
    expect(header).toMatch(/^t=1700000000,v1=[0-9a-f]{64}$/);
    expect(await verifyWebhook("s3cret", '{"a":1}', header, 1_700_000_100)).toBe(true);
    expect(await verifyWebhook("other", '{"a":1}', header, 1_700_000_100)).toBe(false);
    expect(await verifyWebhook("s3cret", '{"a":2}', header, 1_700_000_100)).toBe(false);
    expect(await verifyWebhook("s3cret", '{"a":1}', header, 1_700_001_000)).toBe(false);
    expect(await verifyWebhook("s3cret", '{"a":1}', "garbage", 1_700_000_000)).toBe(false);
  });

  it("matches an independently computed HMAC (Node's crypto)", async () => {
    const { createHmac } = await import("node:crypto");
    const expected = createHmac("sha256", "k").update("42.body").digest("hex");
    expect(await signWebhook("k", "body", 42)).toBe(`t=42,v1=${expected}`);
  });

  it("backs off 1 s, doubling, capped at an hour", () => {
    expect([1, 2, 3, 4].map(webhookRetryDelayMs)).toEqual([1000, 2000, 4000, 8000]);
    expect(webhookRetryDelayMs(30)).toBe(3_600_000);
  });
});

describe("batch items", () => {
  it("parses NDJSON, skipping blank lines, and names bad lines by item index", () => {
    expect(parseNdjsonItems('{"content":"a"}\n\n{"content":"b","reality":"CODE"}\n')).toEqual({ ok: true, items: [{ content: "a" }, { content: "b", reality: "CODE" }] });
    const bad = parseNdjsonItems('{"content":"a"}\n[1\n{"content":"b","nope":1}');
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.errors.map((e) => e.path)).toEqual(["items.1", "items.2"]);
    // An item is a judgment or a comparison; a bad one is described as the kind it nearly is.
    const nearly = parseNdjsonItems('{"a":"x"}\n{"content":""}\n{"a":"x","b":"y","judge":"fast"}');
    expect(!nearly.ok && nearly.errors.map((e) => e.path)).toEqual(["items.0.b", "items.1.content"]);
    expect(parseNdjsonItems("\n \n")).toMatchObject({ ok: false });
  });

  it("applies defaults under each item's own fields, then the API's", () => {
    const [a, b] = resolveItems([{ content: "a" }, { content: "b", judge: "other", reality: "HUMAN" }], { judge: "fast", reality: "CODE", budget_usd: 0.1 });
    expect(a).toEqual({ content: "a", judge: "fast", reality: "CODE", budget_usd: 0.1, rubric: "cynic-36" });
    expect(b).toMatchObject({ judge: "other", reality: "HUMAN", rubric: "cynic-36" });
    const [comparison] = resolveItems([{ a: "x", b: "y" }], { judge: "fast", budget_usd: 0.1 });
    expect(comparison).toEqual({ a: "x", b: "y", judge: "fast", budget_usd: 0.1, rubric: "cynic-36" });
  });
});

describe("batch summary", () => {
  it("counts verdicts and gives mean, p50 and p90 (nearest rank)", () => {
    const items = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100].map((q) => ({ verdict: q >= 50 ? "WAG" : "BARK", q }));
    expect(summarize(items)).toEqual({ verdicts: { BARK: 4, WAG: 6 }, q_score: { mean: 55, p50: 50, p90: 90 }, winners: { a: 0, b: 0, tie: 0 } });
    expect(summarize([], [{ winner: "a", n: 2 }, { winner: "tie", n: 1 }])).toEqual({ verdicts: {}, q_score: { mean: null, p50: null, p90: null }, winners: { a: 2, b: 0, tie: 1 } });
    expect(percentile([5], 90)).toBe(5);
  });
});

describe("batch CSV", () => {
  it("quotes fields with commas, quotes and newlines, and defuses formulas", () => {
    expect(csvField('a,"b"\nc')).toBe('"a,""b""\nc"');
    expect(csvField("=SUM(A1)")).toBe("'=SUM(A1)");
    expect(csvField(-3)).toBe("-3");
    expect(csvField(null)).toBe("");
  });

  it("writes a header and one CRLF row per item", () => {
    const failed: BatchResultLine = { index: 2, cell_id: "x", status: "failed", error: { code: "provider_unavailable", message: "down, badly" } };
    expect(csvHeader()).toBe("index,cell_id,status,q_score,verdict,confidence,cost_usd,error_code,error_message,kind,winner,margin\r\n");
    expect(csvRow(failed)).toBe('2,x,failed,,,,,provider_unavailable,"down, badly",,,\r\n');
    const compared = { index: 3, cell_id: "cmp", status: "completed", comparison: { winner: "b", margin: -0.42, usage: { cost_usd: 0.01 } } } as unknown as BatchResultLine;
    expect(csvRow(compared)).toBe("3,cmp,completed,,,,0.01,,,comparison,b,-0.42\r\n");
  });
});
