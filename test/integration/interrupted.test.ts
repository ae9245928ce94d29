import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { configOf } from "../../src/config.ts";
import { createDatabase } from "../../src/db/client.ts";
import { judgments } from "../../src/db/schema.ts";
import { CYNIC_36 } from "../../src/judge/rubric-cynic36.ts";
import { cellStub } from "../../src/objects/cell.ts";
import { answered, fakeCalls } from "../support/workers/fake-model.ts";
import { call, json, postJson, uniqueName } from "../support/workers/http.ts";
import { alarmOf, crashCell, deleteAlarm, storedCell } from "../support/workers/cell-storage.ts";
import { subscribe } from "../support/workers/socket.ts";

/**
 * A cell killed mid-judgment (`ctx.abort()`: the instance dies at once, keeping only what it stored)
 * and nobody retrying: the judgment resumes by itself within a heartbeat, or at once when anything
 * enters the cell, and the endpoint's permits the dead instance held come back when it resumes.
 * Progress is watched in the cell's storage and in Turso, neither of which enters the cell.
 */

type Health = { endpoints: { profiles: string[]; in_flight: number }[] };
const isType = (type: string) => (frame: Record<string, unknown>) => frame.type === type;
const heartbeatMs = () => configOf(env).cellHeartbeatMs;
const ALL_DIMENSIONS = CYNIC_36.axioms.flatMap((axiom) => axiom.dimensions.map((dimension) => dimension.id));

/** The cell's row in Turso (what lists and reconciliation see), read with the Worker's own client. */
async function tursoStatus(cellId: string): Promise<string | null> {
  const [row] = await createDatabase(configOf(env)).select({ status: judgments.status }).from(judgments).where(eq(judgments.cellId, cellId));
  return row?.status ?? null;
}

/** Polls `check` until it returns a value; fails the test past `deadlineMs`. */
async function until<T>(what: string, check: () => Promise<T | undefined>, deadlineMs = 20_000): Promise<T> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${deadlineMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Starts a slow judgment and kills its cell once it is well under way: its accepted state is in Turso
 * (the cell's first alarm has fired) and some dimensions are stored. Returns what was stored.
 */
async function startAndCrash(cellId: string, marker: string, judge: string) {
  const accepted = await postJson("/v1/judgments", { cell_id: cellId, content: marker, judge }, { prefer: "respond-async" });
  expect(accepted.status).toBe(202);
  await accepted.arrayBuffer();
  await until("the accepted judgment in Turso", async () => ((await tursoStatus(cellId)) === "scoring" ? true : undefined));
  await until("four dimensions scored", async () => (answered(await fakeCalls(marker)).length >= 4 ? true : undefined));
  await crashCell(cellId);
  const before = await storedCell(cellId);
  expect(before.status).toBe("scoring");
  expect(before.scored.length).toBeGreaterThanOrEqual(1);
  expect(before.scored.length).toBeLessThan(35);
  return before;
}

/** Each dimension stored before the crash was asked once; every dimension was answered; at most the
 * calls in flight at the crash (the profile's concurrency) were asked twice. */
async function expectScoredOnce(marker: string, before: { scored: string[] }, concurrency: number) {
  const calls = answered(await fakeCalls(marker));
  for (const dimension of before.scored) expect(calls.filter((c) => c.dimensions.includes(dimension)), dimension).toHaveLength(1);
  expect(new Set(calls.flatMap((c) => c.dimensions)).size).toBe(35);
  expect(calls.length).toBeLessThanOrEqual(35 + concurrency);
}

describe("a cell killed mid-judgment, with no client retrying", () => {
  it("resumes by itself at its next heartbeat and completes, scoring only what was missing", async () => {
    const cellId = uniqueName("heartbeat");
    const marker = `heartbeat ${cellId}`;
    const before = await startAndCrash(cellId, marker, "resume-steps");
    // The wake-up the dead instance left is a heartbeat away, not a watchdog's minutes.
    const alarm = await alarmOf(cellId);
    expect(alarm).not.toBeNull();
    expect(alarm!).toBeLessThanOrEqual(Date.now() + heartbeatMs());

    const after = await until("the judgment completed in the cell", async () => {
      const state = await storedCell(cellId);
      return state.status === "completed" ? state : undefined;
    });
    expect(after.scored).toHaveLength(35);
    await expectScoredOnce(marker, before, 2);
    await until("the completed judgment in Turso", async () => ((await tursoStatus(cellId)) === "completed" ? true : undefined));
    // Done: no wake-up left.
    expect(await alarmOf(cellId)).toBeNull();
  });

  it("resumes at once when the cell is read, even with its alarm lost", async () => {
    const cellId = uniqueName("read-resumes");
    const marker = `read ${cellId}`;
    const before = await startAndCrash(cellId, marker, "resume-steps");
    await deleteAlarm(cellId);

    const read = await json<{ status: string }>(await call(`/v1/judgments/${cellId}`));
    expect(read.status).toBe("scoring");
    const after = await until("the judgment completed in the cell", async () => {
      const state = await storedCell(cellId);
      return state.status === "completed" ? state : undefined;
    });
    expect(after.scored).toHaveLength(35);
    await expectScoredOnce(marker, before, 2);
  });

  // A subscriber's socket dies with the instance; the frames of the resumed run are seen by a new one.
  it("resumes at once when its stream is subscribed, the frames going on from the snapshot", async () => {
    const cellId = uniqueName("stream-resumes");
    const marker = `stream ${cellId}`;
    const before = await startAndCrash(cellId, marker, "resume-steps");
    await deleteAlarm(cellId);

    const stream = await subscribe(cellId);
    try {
      const frames = await stream.until(isType("judgment.completed"));
      expect(frames[0]).toMatchObject({ type: "snapshot", status: "scoring", done: before.scored.length, total: 35 });
      expect(frames.filter(isType("dimension.scored"))).toHaveLength(35 - before.scored.length);
      const seqs = frames.map((frame) => frame.seq as number);
      expect(seqs[0]).toBe(before.seq);
      expect(seqs.every((seq, i) => i === 0 || seq === seqs[i - 1]! + 1)).toBe(true);
    } finally {
      stream.close();
    }
    await expectScoredOnce(marker, before, 2);
  });
});

describe("the endpoint permits of a cell killed mid-judgment", () => {
  const inFlight = async () => {
    const health = await json<Health>(await call("/v1/health"));
    return health.endpoints.find((endpoint) => endpoint.profiles.includes("resume-gated"))?.in_flight;
  };

  it("come back as soon as the cell resumes, not when their lease expires", async () => {
    const cellId = uniqueName("gated");
    const marker = `gated ${cellId}`;
    await startAndCrash(cellId, marker, "resume-gated");
    // The dead instance still holds both permits of the endpoint.
    expect(await inFlight()).toBe(2);
    // It had stored every dimension but not the end (the crash fell between the last batch and the
    // summary): the resumed run needs no permit, so only the cell's word frees the dead ones.
    await deleteAlarm(cellId);
    await runInDurableObject(cellStub(env, cellId), (_, state) => {
      const sql = state.storage.sql;
      const row = sql.exec<{ score: number; rationale: string }>("SELECT score, rationale FROM dimension WHERE status = 'scored' LIMIT 1").one();
      for (const dimension of ALL_DIMENSIONS) {
        sql.exec("INSERT OR IGNORE INTO dimension (dimension, status, score, rationale, error) VALUES (?, 'scored', ?, ?, NULL)", dimension, row.score, row.rationale);
      }
    });

    const read = await json<{ status: string }>(await call(`/v1/judgments/${cellId}`));
    expect(read.status).toBe("scoring");
    await until("the judgment completed in the cell", async () => ((await storedCell(cellId)).status === "completed" ? true : undefined));
    await until("the dead instance's permits back", async () => ((await inFlight()) === 0 ? true : undefined));
  });
});
