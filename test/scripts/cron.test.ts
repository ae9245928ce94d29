import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { startCron } from "../../scripts/stack/cron.ts";

describe("the local cron of npm start", () => {
  it("fires the Worker's scheduled handler through wrangler's URL on its schedule", async () => {
    let hit!: (url: string) => void;
    const first = new Promise<string>((resolve) => (hit = resolve));
    const server = createServer((req, res) => {
      hit(req.url ?? "");
      res.end("ok");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const cron = startCron(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, 20);
    try {
      expect(await first).toBe("/cdn-cgi/handler/scheduled?cron=*%20*%20*%20*%20*");
    } finally {
      cron.stop();
      server.closeAllConnections();
      server.close();
    }
  });
});
