/**
 * `npm run libsql`: the local libSQL server on its own, for poking at the database with any
 * `@libsql/client` or for running the Worker against it by hand.
 *
 * Environment: DATA_DIR (default `.data`; the database lives in `DATA_DIR/libsql`), LIBSQL_PORT
 * (default 8080), LIBSQL_HOST (default 127.0.0.1), LIBSQL_AUTH_TOKEN (when set, clients must send
 * `Authorization: Bearer <token>`, as `@libsql/client` does with its `authToken` option).
 */
import { join, resolve } from "node:path";
import { startLibsqlServer } from "./libsql/server.ts";

const dataDir = join(resolve(process.env.DATA_DIR ?? ".data"), "libsql");
const port = Number(process.env.LIBSQL_PORT ?? 8080);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`LIBSQL_PORT must be a port number, got ${JSON.stringify(process.env.LIBSQL_PORT)}`);
  process.exit(1);
}

try {
  const host = process.env.LIBSQL_HOST ?? "127.0.0.1";
  const authToken = process.env.LIBSQL_AUTH_TOKEN || undefined;
  // A specific address it listens on is a host name clients may use; a wildcard names no host.
  const allowedHosts = ["0.0.0.0", "::"].includes(host) ? [] : [host.includes(":") ? `[${host}]` : host];
  const server = await startLibsqlServer({ dataDir, port, host, authToken, allowedHosts });
  console.log(`libSQL server listening on ${server.url} (data in ${dataDir}; ${authToken ? "bearer token required" : "no token"})`);
  const stop = () => {
    void server.close().then(() => process.exit(0));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
} catch (error) {
  const code = (error as { code?: string }).code;
  console.error(
    code === "EADDRINUSE"
      ? `port ${port} is already in use: stop what holds it or set LIBSQL_PORT`
      : `the libSQL server could not start: ${(error as Error).message}`,
  );
  process.exit(1);
}
