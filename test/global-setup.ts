import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { startLibsqlServer } from "../scripts/libsql/server.ts";
import { migrateDatabase } from "../scripts/migrate.ts";

declare module "vitest" {
  export interface ProvidedContext {
    libsqlUrl: string;
  }
}

/**
 * Starts the real local libSQL server on a free port with a fresh data directory, applies the
 * migrations, and provides its URL to the Workers pool (vitest.config.ts binds it as LIBSQL_URL).
 */
export default async function setup(project: TestProject) {
  const dataDir = await mkdtemp(join(tmpdir(), "judgment-libsql-"));
  const server = await startLibsqlServer({ dataDir, port: 0 });
  await migrateDatabase(server.url);
  project.provide("libsqlUrl", server.url);
  return async () => {
    await server.close();
    await rm(dataDir, { recursive: true, force: true });
  };
}
