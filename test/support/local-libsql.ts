import { createClient, type Client } from "@libsql/client";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startLibsqlServer, type LibsqlServer, type LibsqlServerOptions } from "../../scripts/libsql/server.ts";

export interface LocalLibsql {
  server: LibsqlServer;
  dataDir: string;
  client(): Client;
  /** Stops the server, keeping the data directory (for restart tests). */
  stop(): Promise<void>;
  /** Stops the server and removes its data. */
  dispose(): Promise<void>;
}

/**
 * A libSQL server on a free port in a fresh temporary directory, with clients that are closed for you
 * (and that send `options.authToken` when the server has one).
 */
export async function localLibsql(options: Partial<LibsqlServerOptions> = {}): Promise<LocalLibsql> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), "libsql-test-")));
  const server = await startLibsqlServer({ ...options, dataDir, port: 0 });
  const clients: Client[] = [];
  const stop = async () => {
    for (const client of clients.splice(0)) client.close();
    await server.close();
  };
  return {
    server,
    dataDir,
    client() {
      const client = createClient({ url: server.url, intMode: "bigint", ...(options.authToken ? { authToken: options.authToken } : {}) });
      clients.push(client);
      return client;
    },
    stop,
    async dispose() {
      await stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
