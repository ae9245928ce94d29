import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** One delivery the receiver got: what a real webhook consumer would see. */
export interface ReceivedWebhook {
  path: string;
  signature: string | null;
  contentType: string | null;
  body: string;
  /** The status the receiver answered with. */
  status: number;
  at: number;
}

/**
 * A real HTTP server standing in for a customer's webhook endpoint (tests run inside workerd, which
 * cannot listen). `POST /hooks/<name>?fail=<n>` answers 500 to the first n deliveries to that path and
 * 204 after; `GET /received?path=<path>` lists what was delivered there.
 */
export async function startWebhookReceiver(): Promise<{ url: string; close(): Promise<void> }> {
  const received: ReceivedWebhook[] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://receiver");
    if (req.method === "GET" && url.pathname === "/received") {
      const path = url.searchParams.get("path") ?? "";
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(received.filter((item) => item.path === path)));
      return;
    }
    if (req.method !== "POST" || !url.pathname.startsWith("/hooks/")) {
      res.writeHead(404).end();
      return;
    }
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const failFirst = Number(url.searchParams.get("fail") ?? "0");
      const earlier = received.filter((item) => item.path === url.pathname).length;
      const status = earlier < failFirst ? 500 : 204;
      received.push({
        path: url.pathname,
        signature: req.headers["webhook-signature"]?.toString() ?? null,
        contentType: req.headers["content-type"] ?? null,
        body: Buffer.concat(chunks).toString("utf8"),
        status,
        at: Date.now(),
      });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
