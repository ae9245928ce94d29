/**
 * Applies the drizzle-kit migrations in migrations/ to a libSQL database, idempotently (drizzle's
 * journal table records what ran). Migrations run from Node, never from the Worker.
 *
 *   npm run db:migrate                       # the local server at LIBSQL_URL (default 127.0.0.1:8080)
 *   LIBSQL_URL=libsql://db.turso.io LIBSQL_AUTH_TOKEN=... npm run db:migrate
 */
import { createClient } from "@libsql/client";
import { drizzle } from "drizzle-orm/libsql";
import { migrate } from "drizzle-orm/libsql/migrator";
import { fileURLToPath } from "node:url";

export const MIGRATIONS_FOLDER = fileURLToPath(new URL("../migrations", import.meta.url));

/**
 * A fetch that closes its connection after each reply. Migrations are a handful of requests, and a
 * pooled keep-alive socket would outlive a local server restarted on the same port (as `npm start`
 * and its tests do), failing the next migration with "other side closed".
 */
function oneShotFetch(input: Request | string | URL, init?: RequestInit): Promise<Response> {
  const request = new Request(input, init);
  request.headers.set("connection", "close");
  return fetch(request);
}

/** Applies every pending migration; safe to run any number of times. */
export async function migrateDatabase(url: string, authToken?: string): Promise<void> {
  const client = createClient({ url, ...(authToken ? { authToken } : {}), fetch: oneShotFetch });
  try {
    await migrate(drizzle(client), { migrationsFolder: MIGRATIONS_FOLDER });
  } finally {
    client.close();
  }
}

async function main(): Promise<void> {
  const url = process.env.LIBSQL_URL ?? `http://127.0.0.1:${process.env.LIBSQL_PORT ?? "8080"}`;
  try {
    await migrateDatabase(url, process.env.LIBSQL_AUTH_TOKEN);
    console.log(`migrations applied to ${url}`);
  } catch (error) {
    console.error(`migration failed against ${url}: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
