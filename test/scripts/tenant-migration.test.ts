import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { drizzle } from "drizzle-orm/libsql";
import { migrate } from "drizzle-orm/libsql/migrator";
import { afterEach, describe, expect, it } from "vitest";
import { MIGRATIONS_FOLDER, migrateDatabase } from "../../scripts/migrate.ts";
import { OPEN_TENANT } from "../../src/security/tenant.ts";
import { localLibsql, type LocalLibsql } from "../support/local-libsql.ts";

/** The migrations as they were before tenants: the journal cut at `0002_batches`. */
async function migrationsBeforeTenants(): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), "migrations-"));
  await cp(MIGRATIONS_FOLDER, folder, { recursive: true });
  const journalPath = join(folder, "meta", "_journal.json");
  const journal = JSON.parse(await readFile(journalPath, "utf8")) as { entries: { tag: string }[] };
  const cut = journal.entries.findIndex((entry) => entry.tag === "0002_batches") + 1;
  await writeFile(journalPath, JSON.stringify({ ...journal, entries: journal.entries.slice(0, cut) }));
  return folder;
}

describe("the tenants migration", () => {
  let db: LocalLibsql | undefined;
  let folder: string | undefined;
  afterEach(async () => {
    await db?.dispose();
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  it("gives every row written before tenants to the open tenant, keeping it addressable", async () => {
    db = await localLibsql();
    folder = await migrationsBeforeTenants();
    const client = db.client();
    await migrate(drizzle(client), { migrationsFolder: folder });
    await client.batch([
      `INSERT INTO judgments (cell_id, judgment_id, status, content_digest, rubric_id, rubric_version, judge_profile, provider, model, document, created_at, updated_at)
       VALUES ('old-cell', 'j_1', 'completed', 'd', 'cynic-36', 1, 'default', 'heuristic', 'h', '{}', 1, 1)`,
      "INSERT INTO dimension_scores (cell_id, dimension, judgment_id, axiom, status) VALUES ('old-cell', 'D', 'j_1', 'A', 'scored')",
      "INSERT INTO rubrics (id, version, definition, digest, created_at) VALUES ('house', 1, '{}', 'd', 1)",
      "INSERT INTO judgment_shadows (cell_id, candidate_profile, candidate_cell_id, created_at) VALUES ('old-cell', 'next', 'c_x', 1)",
      "INSERT INTO batches (batch_id, status, total, document, created_at, updated_at) VALUES ('b_1', 'completed', 1, '{}', 1, 1)",
    ]);

    await migrateDatabase(db.server.url);
    for (const table of ["judgments", "dimension_scores", "rubrics", "judgment_shadows", "batches"]) {
      const rows = await client.execute(`SELECT tenant FROM ${table}`);
      expect({ table, tenants: rows.rows.map((row) => row.tenant) }).toEqual({ table, tenants: [OPEN_TENANT] });
    }
  });
});
