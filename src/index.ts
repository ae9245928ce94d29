import { createApp } from "./app.ts";

export { CellDurableObject } from "../durable-objects/cell.ts";
export { OutboxLedger } from "../durable-objects/outbox-ledger.ts";

const app = createApp();

export default {
  fetch: app.fetch,
} satisfies ExportedHandler<Env>;
