import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { LibsqlChild } from "./libsql-child.ts";

/**
 * A small HTTP control plane for fault tests running inside workerd, which cannot signal processes:
 * `POST /libsql/stop|start|freeze|thaw` acts on the libSQL server process, `GET /libsql` tells its state.
 */
export async function startControlServer(libsql: LibsqlChild): Promise<{ url: string; close(): Promise<void> }> {
  const actions: Record<string, () => void | Promise<void>> = {
    stop: () => libsql.stop(),
    start: () => libsql.start(),
    freeze: () => libsql.freeze(),
    thaw: () => libsql.thaw(),
  };
  const server: Server = createServer((req, res) => {
    const action = /^\/libsql\/(\w+)$/.exec(req.url ?? "")?.[1];
    const run = req.method === "POST" && action ? actions[action] : req.url === "/libsql" ? () => undefined : undefined;
    if (!run) {
      res.writeHead(404).end();
      return;
    }
    Promise.resolve(run()).then(
      () => {
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ state: libsql.state }));
      },
      (error: unknown) => {
        res.writeHead(500, { "content-type": "application/json" }).end(JSON.stringify({ error: String(error) }));
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
