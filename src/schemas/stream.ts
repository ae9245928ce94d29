import type { Comparison } from "./comparison.ts";
import type { Judgment } from "./judgment.ts";

/**
 * The cell stream protocol (README "Watch a judgment stream"): JSON text frames, `seq` strictly increasing per
 * cell. One discriminated union, shared by the Durable Object that sends and the clients that read.
 */

export type SnapshotStatus = "none" | "pending" | "scoring" | "completed" | "failed";

interface FrameBase {
  cell_id: string;
  seq: number;
  /** ISO-8601 time the frame was made. */
  at: string;
}

export type StreamEvent =
  | { type: "judgment.started"; judgment_id: string; rubric: { id: string; version: number }; total: number }
  /** For a panel, one frame per (juror, dimension), and `done`/`total` count those pairs. */
  | { type: "dimension.scored"; dimension: string; axiom: string; score: number; done: number; total: number; juror?: string }
  | { type: "dimension.failed"; dimension: string; error: string; juror?: string }
  | { type: "judgment.completed"; judgment: Judgment }
  | { type: "judgment.failed"; error: { code: string; message: string } };

/**
 * A comparison cell's events: every dimension is asked in both orders (`ab`: a shown first), so
 * `done`/`total` count (order, dimension) pairs; for a panel, (juror, order, dimension) triples, and
 * each answer names its `juror`.
 */
export type ComparisonEvent =
  | { type: "comparison.started"; run_id: string; rubric: { id: string; version: number }; total: number }
  | { type: "comparison.answered"; order: "ab" | "ba"; dimension: string; prefer: "first" | "second" | "tie"; done: number; total: number; juror?: string }
  | { type: "comparison.unanswered"; order: "ab" | "ba"; dimension: string; error: string; juror?: string }
  | { type: "comparison.completed"; comparison: Comparison }
  | { type: "comparison.failed"; error: { code: string; message: string } };

export type SnapshotFrame = FrameBase & {
  type: "snapshot";
  status: SnapshotStatus;
  done: number;
  total: number;
  judgment?: Judgment;
  comparison?: Comparison;
};

export type StreamFrame = SnapshotFrame | (FrameBase & StreamEvent) | (FrameBase & ComparisonEvent);

/** The client's keep-alive and its answer, matched byte for byte by the hibernation auto-response. */
export const PING = JSON.stringify({ type: "ping" });
export const PONG = JSON.stringify({ type: "pong" });

/**
 * The batch stream (README "Judge a dataset: batches"): the same conventions as the cell stream, numbered per batch.
 * `item.completed` carries each item's headline figures, not its whole judgment (the results endpoint
 * has those): a 10,000-item batch would otherwise push its whole dataset through every socket.
 */
interface BatchFrameBase {
  batch_id: string;
  seq: number;
  at: string;
}

export interface BatchCounts {
  status: "running" | "completed" | "cancelled";
  total: number;
  completed: number;
  failed: number;
  skipped: number;
}

export type BatchStreamEvent =
  | ({ type: "batch.progress" } & BatchCounts)
  | {
      type: "item.completed";
      index: number;
      cell_id: string | null;
      status: "completed" | "failed" | "skipped";
      q_score: number | null;
      verdict: string | null;
      /** A comparison item's winner. */
      winner?: "a" | "b" | "tie" | null;
      error?: { code: string; message: string };
    }
  | { type: "batch.completed"; batch: unknown };

export type BatchSnapshotFrame = BatchFrameBase & { type: "snapshot" } & BatchCounts;

export type BatchStreamFrame = BatchSnapshotFrame | (BatchFrameBase & BatchStreamEvent);
