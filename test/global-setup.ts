import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { startFakeModelServer } from "../scripts/fake-model/server.ts";
import { startLibsqlServer } from "../scripts/libsql/server.ts";
import { migrateDatabase } from "../scripts/migrate.ts";

import "./support/provided-context.ts";

/**
 * Starts the real local libSQL server on a free port with a fresh data directory, applies the
 * migrations, and starts the fake model servers (the only faked part: they speak the public Ollama and
 * OpenAI wire formats; three, so a panel's jurors each have an endpoint of their own). Their URLs go to the Workers pool, which binds them (vitest.config.ts).
 */
export default async function setup(project: TestProject) {
  const dataDir = await mkdtemp(join(tmpdir(), "judgment-libsql-"));
  const server = await startLibsqlServer({ dataDir, port: 0 });
  await migrateDatabase(server.url);
  const fakeModel = await startFakeModelServer();
  // Two more model servers: a panel's jurors on three endpoints of their own.
  const jurorModels = await Promise.all([startFakeModelServer(), startFakeModelServer()]);
  project.provide("libsqlUrl", server.url);
  project.provide("fakeModelUrl", fakeModel.url);
  project.provide("juryModelUrls", [fakeModel.url, ...jurorModels.map((fake) => fake.url)]);
  return async () => {
    await Promise.all(jurorModels.map((fake) => fake.close()));
    await fakeModel.close();
    await server.close();
    await rm(dataDir, { recursive: true, force: true });
  };
}
