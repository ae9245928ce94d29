import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { startFakeModelServer } from "../scripts/fake-model/server.ts";
import { startLibsqlServer } from "../scripts/libsql/server.ts";
import { migrateDatabase } from "../scripts/migrate.ts";
import { startWebhookReceiver } from "./support/webhook-receiver.ts";

import "./support/provided-context.ts";

/**
 * Starts the real local libSQL server on a free port with a fresh data directory, applies the
 * migrations, and starts the fake model server (the only faked part: it speaks the public Ollama and
 * OpenAI wire formats), and a webhook receiver standing in for a customer's endpoint. Their URLs go to
 * the Workers pool, which binds them (vitest.config.ts).
 */
export default async function setup(project: TestProject) {
  const dataDir = await mkdtemp(join(tmpdir(), "judgment-libsql-"));
  const server = await startLibsqlServer({ dataDir, port: 0 });
  await migrateDatabase(server.url);
  const fakeModel = await startFakeModelServer();
  const webhooks = await startWebhookReceiver();
  project.provide("libsqlUrl", server.url);
  project.provide("fakeModelUrl", fakeModel.url);
  project.provide("webhookUrl", webhooks.url);
  return async () => {
    await webhooks.close();
    await fakeModel.close();
    await server.close();
    await rm(dataDir, { recursive: true, force: true });
  };
}
