import { defineConfig } from "drizzle-kit";

/** `npm run db:generate` writes SQL migrations from src/db/schema.ts; scripts/migrate.ts applies them. */
export default defineConfig({
  dialect: "turso",
  schema: "./src/db/schema.ts",
  out: "./migrations",
  dbCredentials: { url: process.env.LIBSQL_URL ?? "http://127.0.0.1:8080" },
});
