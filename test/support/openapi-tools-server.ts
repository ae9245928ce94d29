import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { generateTypesAndTypecheck, lintOpenApi } from "./openapi-tools.ts";

/**
 * Lets tests running inside workerd (which cannot start processes) run Node tools on the document
 * the Worker serves: `POST /lint` and `POST /typecheck` take the document's text and answer the
 * report of openapi-tools.ts as JSON.
 */
export async function startOpenApiToolsServer(): Promise<{ url: string; close(): Promise<void> }> {
  const tools: Record<string, (text: string) => Promise<unknown>> = {
    "/lint": lintOpenApi,
    "/typecheck": generateTypesAndTypecheck,
  };
  const server: Server = createServer((req, res) => {
    const tool = req.method === "POST" ? tools[req.url ?? ""] : undefined;
    if (!tool) {
      res.writeHead(404).end();
      return;
    }
    readText(req)
      .then(tool)
      .then(
        (report) => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(report)),
        (error: unknown) => res.writeHead(500, { "content-type": "application/json" }).end(JSON.stringify({ error: String(error) })),
      );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function readText(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}
