import { createClient } from "@libsql/client/web";
import { drizzle } from "drizzle-orm/libsql/web";
import type { AppConfig } from "../config.ts";
import * as schema from "./schema.ts";

export type Database = ReturnType<typeof createDatabase>;

/**
 * A drizzle database over libSQL's HTTP protocol. Create one per request or per object, never at module
 * scope: workerd forbids I/O objects shared across requests (toolchain.md).
 */
export function createDatabase(config: AppConfig) {
  const client = createClient({
    url: config.libsql.url,
    ...(config.libsql.authToken ? { authToken: config.libsql.authToken } : {}),
    intMode: "number",
  });
  return drizzle(client, { schema });
}
