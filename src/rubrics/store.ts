import { and, desc, eq, sql } from "drizzle-orm";
import { canonicalJson, sha256Hex } from "../cells/identity.ts";
import type { Database } from "../db/client.ts";
import { rubrics } from "../db/schema.ts";
import type { Rubric } from "../judge/types.ts";
import type { RubricDefinition } from "../schemas/rubric.ts";
import { rubricFromDefinition } from "./definition.ts";

export interface StoredRubric {
  rubric: Rubric;
  digest: string;
  createdAt: number;
}

function fromRow(row: typeof rubrics.$inferSelect): StoredRubric {
  const definition = JSON.parse(row.definition) as RubricDefinition;
  return { rubric: rubricFromDefinition(definition, row.version), digest: row.digest, createdAt: row.createdAt };
}

/**
 * One tenant's custom rubrics in Turso: immutable versions, numbered 1, 2, … per id. Another tenant's
 * rubric of the same id is another rubric: no tenant can change what a bare id means to another.
 */
export class RubricStore {
  readonly #db: Database;
  readonly #tenant: string;

  constructor(db: Database, tenant: string) {
    this.#db = db;
    this.#tenant = tenant;
  }

  /** One version, or the latest when `version` is undefined; null when there is none. */
  async get(id: string, version?: number): Promise<StoredRubric | null> {
    const ofId = and(eq(rubrics.tenant, this.#tenant), eq(rubrics.id, id));
    const where = version === undefined ? ofId : and(ofId, eq(rubrics.version, version));
    const rows = await this.#db.select().from(rubrics).where(where).orderBy(desc(rubrics.version)).limit(1);
    return rows[0] ? fromRow(rows[0]) : null;
  }

  /** The latest version of every custom rubric, by id. */
  async listLatest(limit = 500): Promise<StoredRubric[]> {
    const rows = await this.#db
      .select()
      .from(rubrics)
      .where(
        and(
          eq(rubrics.tenant, this.#tenant),
          sql`${rubrics.version} = (SELECT MAX(r2.version) FROM rubrics r2 WHERE r2.tenant = ${rubrics.tenant} AND r2.id = ${rubrics.id})`,
        ),
      )
      .orderBy(rubrics.id)
      .limit(limit);
    return rows.map(fromRow);
  }

  /**
   * Registers `definition`: the latest version when it is identical (registration is idempotent),
   * else a new version. The version is taken inside one INSERT … SELECT, so two concurrent
   * registrations can never get the same number (the second would hit the primary key and retry).
   */
  async register(definition: RubricDefinition, now: number): Promise<{ stored: StoredRubric; created: boolean }> {
    const digest = await sha256Hex(canonicalJson(definition));
    for (let attempt = 0; attempt < 3; attempt++) {
      const latest = await this.get(definition.id);
      if (latest?.digest === digest) return { stored: latest, created: false };
      const inserted = await this.#db
        .insert(rubrics)
        .select(
          this.#db
            .select({
              tenant: sql<string>`${this.#tenant}`.as("tenant"),
              id: sql<string>`${definition.id}`.as("id"),
              version: sql<number>`COALESCE(MAX(${rubrics.version}), 0) + 1`.as("version"),
              definition: sql<string>`${JSON.stringify(definition)}`.as("definition"),
              digest: sql<string>`${digest}`.as("digest"),
              createdAt: sql<number>`${now}`.as("created_at"),
            })
            .from(rubrics)
            .where(and(eq(rubrics.tenant, this.#tenant), eq(rubrics.id, definition.id))),
        )
        .onConflictDoNothing()
        .returning();
      if (inserted[0]) return { stored: fromRow(inserted[0]), created: true };
    }
    throw new Error(`could not register rubric ${definition.id}: too many concurrent registrations`);
  }
}
