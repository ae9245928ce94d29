/**
 * The typed client of the judgment API (src/client/api-client.ts), its stream watcher and the shapes
 * its callers need: one import for programs that talk to the API.
 */
export { createApiClient, type ApiClient, type ApiClientOptions } from "./api-client.ts";
export { ApiProblemError, unwrap } from "./problem.ts";
export { streamUrl, watchCell, type CellOutcome, type CellWatch, type WatchOptions } from "./watch.ts";
export type { StreamFrame } from "../schemas/stream.ts";
export type { Judgment, JudgmentRequest } from "../schemas/judgment.ts";
export type { App } from "../app.ts";
