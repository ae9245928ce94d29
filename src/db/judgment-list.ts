import { and, desc, eq, gte, lt, or, type SQL } from "drizzle-orm";
import type { Reality, Verdict } from "../judge/types.ts";
import type { Judgment, JudgmentStatus } from "../schemas/judgment.ts";
import type { Database } from "./client.ts";
import { judgments } from "./schema.ts";

export interface JudgmentFilters {
  verdict?: Verdict | undefined;
  reality?: Reality | undefined;
  status?: JudgmentStatus | undefined;
  /** Epoch ms: only judgments created at or after it. */
  since?: number | undefined;
}

/** Where the previous page ended, in the list's order (newest first, then cell id descending). */
export interface ListPosition {
  createdAt: number;
  cellId: string;
}

/** An opaque cursor; base64url so it survives any query string untouched. */
export function encodeCursor(position: ListPosition): string {
  const bytes = new TextEncoder().encode(JSON.stringify([position.createdAt, position.cellId]));
  return btoa(String.fromCharCode(...bytes)).replaceAll("+", "-").replaceAll("/", "_").replaceAll("=", "");
}

/** The position a cursor names, or null when it is not one this API produced. */
export function decodeCursor(cursor: string): ListPosition | null {
  try {
    const binary = atob(cursor.replaceAll("-", "+").replaceAll("_", "/"));
    const value: unknown = JSON.parse(new TextDecoder().decode(Uint8Array.from(binary, (ch) => ch.charCodeAt(0))));
    if (!Array.isArray(value) || value.length !== 2) return null;
    const [createdAt, cellId] = value as unknown[];
    if (!Number.isSafeInteger(createdAt) || typeof cellId !== "string" || cellId.length > 128) return null;
    return { createdAt: createdAt as number, cellId };
  } catch {
    return null;
  }
}

/**
 * One page of a tenant's judgments from Turso, newest first. Keyset pagination on (created_at, cell_id), which the
 * indexes in schema.ts serve, so a page costs the same however deep it is.
 */
export async function listJudgments(
  db: Database,
  tenant: string,
  filters: JudgmentFilters,
  limit: number,
  after: ListPosition | null,
): Promise<{ items: Judgment[]; next: ListPosition | null }> {
  const conditions: SQL[] = [eq(judgments.tenant, tenant)];
  if (filters.verdict) conditions.push(eq(judgments.verdict, filters.verdict));
  if (filters.reality) conditions.push(eq(judgments.reality, filters.reality));
  if (filters.status) conditions.push(eq(judgments.status, filters.status));
  if (filters.since !== undefined) conditions.push(gte(judgments.createdAt, filters.since));
  if (after) {
    conditions.push(
      or(lt(judgments.createdAt, after.createdAt), and(eq(judgments.createdAt, after.createdAt), lt(judgments.cellId, after.cellId)))!,
    );
  }
  const rows = await db
    .select({ document: judgments.document, createdAt: judgments.createdAt, cellId: judgments.cellId })
    .from(judgments)
    .where(and(...conditions))
    .orderBy(desc(judgments.createdAt), desc(judgments.cellId))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map((row) => JSON.parse(row.document) as Judgment),
    next: rows.length > limit && last ? { createdAt: last.createdAt, cellId: last.cellId } : null,
  };
}
