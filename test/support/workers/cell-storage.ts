import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { cellStub } from "../../../src/objects/cell.ts";
import { OPEN_TENANT } from "../../../src/security/tenant.ts";

/**
 * A cell's own stored state, read inside its object without entering it: no request, RPC or alarm
 * reaches the object, so nothing resumes or starts there (every entry point resumes interrupted work).
 */
export function storedCell(cellId: string) {
  return runInDurableObject(cellStub(env, OPEN_TENANT, cellId), (_, state) => {
    const sql = state.storage.sql;
    const cell = sql.exec<{ status: string; judgment_id: string }>("SELECT status, judgment_id FROM cell").one();
    const scored = sql.exec<{ dimension: string }>("SELECT dimension FROM dimension WHERE status = 'scored'").toArray().map((row) => String(row.dimension));
    const seq = Number(sql.exec<{ value: number }>("SELECT value FROM counter WHERE name = 'seq'").toArray()[0]?.value ?? 0);
    return { status: String(cell.status), judgmentId: String(cell.judgment_id), scored, seq };
  });
}

/** Kills the cell's instance at once, mid-call, keeping only what it had stored. */
export function crashCell(cellId: string, tenant = OPEN_TENANT): Promise<void> {
  return runInDurableObject(cellStub(env, tenant, cellId), (_, state) => state.abort("simulated crash")).catch(() => undefined);
}

/** When the cell's next wake-up is due (null: none). */
export function alarmOf(cellId: string): Promise<number | null> {
  return runInDurableObject(cellStub(env, OPEN_TENANT, cellId), (_, state) => state.storage.getAlarm());
}

/** Loses the cell's wake-up, as if its alarm had never been set. */
export function deleteAlarm(cellId: string): Promise<void> {
  return runInDurableObject(cellStub(env, OPEN_TENANT, cellId), (_, state) => state.storage.deleteAlarm());
}
