import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { startFakeModelServer } from "../scripts/fake-model/server.ts";
import { migrateDatabase } from "../scripts/migrate.ts";
import { freePort } from "../scripts/stack/ports.ts";
import { startControlServer } from "./support/control-server.ts";
import { LibsqlChild } from "./support/libsql-child.ts";
import "./support/provided-context.ts";

/**
 * For the fault-injection project: the libSQL server runs as its own process that tests stop, start,
 * freeze and thaw through a control server; the fake model server as in the main project.
 */
export default async function setup(project: TestProject) {
  const dataDir = await mkdtemp(join(tmpdir(), "judgment-faults-"));
  const authToken = randomBytes(24).toString("base64url");
  const libsql = new LibsqlChild({ dataDir, port: await freePort(), authToken });
  await libsql.start();
  await migrateDatabase(libsql.url, authToken);
  const control = await startControlServer(libsql);
  const fakeModel = await startFakeModelServer();
  project.provide("libsqlUrl", libsql.url);
  project.provide("libsqlAuthToken", authToken);
  project.provide("fakeModelUrl", fakeModel.url);
  project.provide("controlUrl", control.url);
  return async () => {
    await control.close();
    await fakeModel.close();
    await libsql.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
}
