/**
 * The batch document and stream frames as the batch routes name them, read defensively: the
 * dashboard shows batches on servers that have them, and a clear "not available" state elsewhere.
 */

export interface BatchSummary {
  batch_id: string;
  status: "running" | "completed" | "cancelled" | string;
  total: number;
  completed?: number;
  failed?: number;
  skipped?: number;
  created_at?: string;
  completed_at?: string | null;
}

export interface BatchList {
  items: BatchSummary[];
  next_cursor?: string | null;
}

/** A frame of `/v1/batches/{id}/stream`: each carries (some of) the batch's counters. */
export interface BatchFrame {
  type: "snapshot" | "batch.progress" | "item.completed" | "batch.completed" | string;
  batch_id?: string;
  status?: string;
  total?: number;
  completed?: number;
  failed?: number;
  skipped?: number;
  batch?: Partial<BatchSummary>;
}

/** The counters a frame carries, at its top level or in its `batch`. */
export function countersOf(frame: BatchFrame): Partial<BatchSummary> {
  const source = { ...(frame.batch ?? {}), ...frame };
  const counters: Partial<BatchSummary> = {};
  for (const name of ["total", "completed", "failed", "skipped"] as const) {
    if (typeof source[name] === "number") counters[name] = source[name];
  }
  if (typeof source.status === "string" && frame.type !== "item.completed") counters.status = source.status;
  if (frame.type === "batch.completed" && counters.status === undefined) counters.status = "completed";
  return counters;
}

/** Items finished (completed, failed or skipped) of a batch. */
export const finished = (batch: Partial<BatchSummary>) => (batch.completed ?? 0) + (batch.failed ?? 0) + (batch.skipped ?? 0);
