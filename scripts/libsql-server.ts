/**
 * `npm run libsql`: the local libSQL server on its own, for poking at the database with any
 * `@libsql/client` or for running the Worker against it by hand.
 *
 * Environment: DATA_DIR (default `.data`; the database lives in `DATA_DIR/libsql`), LIBSQL_PORT
 * (default 8080), LIBSQL_HOST (default 127.0.0.1).
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
  const server = await startLibsqlServer({ dataDir, port, host: process.env.LIBSQL_HOST ?? "127.0.0.1" });
  console.log(`libSQL server listening on ${server.url} (data in ${dataDir})`);
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
