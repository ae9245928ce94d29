import type { AppConfig } from "../config.ts";
import { ApiError } from "../errors.ts";
import type { CellReply } from "../objects/cell.ts";
import type { ComparisonReply } from "../objects/comparison.ts";
import { callAgainOnFault } from "../objects/call-again.ts";
import { judgmentAdmission } from "./admission.ts";

type StartReply = CellReply | ComparisonReply;

/**
 * What a reply says about this isolate's capacity: a refusal for capacity or a run failed for it is
 * congestion; a 202 (the run outlasted the wait) says nothing about starting it.
 */
function admissionOutcome(reply: StartReply): "ok" | "dropped" | "ignored" {
  if (reply.kind === "refused") return reply.refusal.reason === "overloaded" ? "dropped" : "ignored";
  if (reply.status === "pending" || reply.status === "scoring") return "ignored";
  if (reply.status === "failed") return reply.text.includes('"code":"overloaded"') ? "dropped" : "ignored";
  return "ok";
}

/**
 * Asks a cell (or a comparison) under this isolate's admission control (src/overload/admission.ts):
 * refused at once, before any I/O, with 503 `overloaded` when the isolate is starting more runs than it
 * can; otherwise `ask` runs and its start latency (the reply's wait less its scoring) feeds the limit.
 * A cell known completed here is a read and is never refused. `cellKey` is the object's name
 * (src/security/tenant.ts): another tenant's completed cell of this id says nothing of this one.
 * `waitUntil` keeps the request alive for the lag measurement admission may start (a refusal ends at once).
 */
export async function admittedStart<R extends StartReply>(config: AppConfig, cellKey: string, ask: () => Promise<R>, waitUntil?: (work: Promise<unknown>) => void): Promise<R> {
  const admissions = judgmentAdmission(config.overload);
  const admission = admissions ? admissions.admit(cellKey, waitUntil) : null;
  if (admissions && !admission) {
    throw new ApiError("overloaded", "new judgments are arriving faster than they can be started; retry shortly", { retryAfterSeconds: 1 });
  }
  const askedAt = Date.now();
  let reply: R;
  try {
    reply = await callAgainOnFault(cellKey, ask);
  } catch (error) {
    admission?.release(Date.now() - askedAt, "dropped");
    throw error;
  }
  const scoringMs = reply.kind === "refused" ? 0 : (reply.scoringMs ?? 0);
  admission?.release(Date.now() - askedAt - scoringMs, admissionOutcome(reply));
  if (reply.kind !== "refused" && reply.status === "completed") admissions?.completed(cellKey);
  return reply;
}
