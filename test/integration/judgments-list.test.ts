import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { cellStub } from "../../src/objects/cell.ts";
import { call, json, postJson, uniqueName } from "../support/workers/http.ts";
import type { JudgmentPage } from "../../src/schemas/judgment.ts";
import { OPEN_TENANT } from "../../src/security/tenant.ts";

/** Judges `count` cells and waits until each has reached Turso (resync resolves once the outbox is empty). */
async function judgeCells(prefix: string, count: number, reality: string): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const cellId = `${prefix}-${i}`;
    const reply = await postJson("/v1/judgments", { cell_id: cellId, content: `item ${i} of ${prefix}`, reality });
    expect(reply.status).toBe(200);
    await reply.arrayBuffer();
    expect(await cellStub(env, OPEN_TENANT, cellId).resync()).toBe(0);
    ids.push(cellId);
  }
  return ids;
}

async function allPages(query: string): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const reply = await call(`/v1/judgments?${query}${cursor ? `&cursor=${cursor}` : ""}`);
    expect(reply.status).toBe(200);
    const page = await json<JudgmentPage>(reply);
    ids.push(...page.items.map((item) => item.cell_id));
    cursor = page.next_cursor;
    pages += 1;
  } while (cursor);
  return { ids, pages };
}

describe("GET /v1/judgments", () => {
  it("pages through judgments newest first with no gap and no repeat", async () => {
    const since = new Date(Date.now() - 1).toISOString();
    const prefix = uniqueName("list");
    const ids = await judgeCells(prefix, 5, "COSMOS");
    const { ids: listed, pages } = await allPages(`reality=COSMOS&limit=2&since=${encodeURIComponent(since)}`);
    const ours = listed.filter((id) => id.startsWith(prefix));
    expect(ours).toEqual([...ids].reverse());
    expect(new Set(listed).size).toBe(listed.length);
    expect(pages).toBeGreaterThanOrEqual(3);
  });

  it("filters by reality and verdict", async () => {
    const prefix = uniqueName("filter");
    await judgeCells(prefix, 2, "SOLANA");
    const page = await json<JudgmentPage>(await call("/v1/judgments?reality=SOLANA&limit=200"));
    expect(page.items.length).toBeGreaterThanOrEqual(2);
    expect(page.items.every((item) => item.reality === "SOLANA")).toBe(true);
    const verdict = page.items[0]!.verdict;
    const byVerdict = await json<JudgmentPage>(await call(`/v1/judgments?verdict=${verdict}&limit=200`));
    expect(byVerdict.items.every((item) => item.verdict === verdict)).toBe(true);
  });

  it.each([
    ["limit=0"],
    ["limit=201"],
    ["verdict=MEH"],
    ["since=yesterday"],
    ["cursor=not-a-cursor"],
    ["colour=blue"],
  ])("refuses %s with 400 problem+json", async (query) => {
    const reply = await call(`/v1/judgments?${query}`);
    expect(reply.status).toBe(400);
    expect(reply.headers.get("content-type")).toContain("application/problem+json");
    expect((await json(reply)).code).toBe("invalid_request");
  });
});
