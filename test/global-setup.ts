import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { startFakeModelServer } from "../scripts/fake-model/server.ts";
import { startLibsqlServer } from "../scripts/libsql/server.ts";
import { migrateDatabase } from "../scripts/migrate.ts";
import { startOpenApiToolsServer } from "./support/openapi-tools-server.ts";
import { startWebhookReceiver } from "./support/webhook-receiver.ts";

import "./support/provided-context.ts";

/**
 * Starts the real local libSQL server on a free port with a fresh data directory, applies the
 * migrations, and starts the fake model servers (the only faked part: they speak the public Ollama and
 * OpenAI wire formats; three, so a panel's jurors each have an endpoint of their own), and a webhook
 * receiver standing in for a customer's endpoint. Their URLs go to
 * the Workers pool, which binds them (vitest.config.ts). Also the OpenAPI tools server, which lints and
 * type-generates the document the Worker serves.
 */
export default async function setup(project: TestProject) {
  const dataDir = await mkdtemp(join(tmpdir(), "judgment-libsql-"));
  // A fresh token per run, as `npm start` does: the Worker under test must send it.
  const authToken = randomBytes(24).toString("base64url");
  const server = await startLibsqlServer({ dataDir, port: 0, authToken });
  await migrateDatabase(server.url, authToken);
  const fakeModel = await startFakeModelServer();
  // Two more model servers: a panel's jurors on three endpoints of their own.
  const jurorModels = await Promise.all([startFakeModelServer(), startFakeModelServer()]);
  const openApiTools = await startOpenApiToolsServer();
  const webhooks = await startWebhookReceiver();
  project.provide("libsqlUrl", server.url);
  project.provide("libsqlAuthToken", authToken);
  project.provide("fakeModelUrl", fakeModel.url);
  project.provide("juryModelUrls", [fakeModel.url, ...jurorModels.map((fake) => fake.url)]);
  project.provide("openApiToolsUrl", openApiTools.url);
  project.provide("webhookUrl", webhooks.url);
  return async () => {
    await webhooks.close();
    await openApiTools.close();
    await Promise.all(jurorModels.map((fake) => fake.close()));
    await fakeModel.close();
    await server.close();
    await rm(dataDir, { recursive: true, force: true });
  };
}
