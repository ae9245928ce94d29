/**
 * Configuration variables are optional (src/config.ts holds their defaults), so they are declared here
 * rather than in wrangler.toml's [vars]; `wrangler types` generates the bindings into
 * worker-configuration.d.ts and this merges into the same `Cloudflare.Env`. The names come from the
 * configuration schema itself (`WorkerVars`), so a variable is declared once.
 */
declare namespace Cloudflare {
  type WorkerVars = import("./config.ts").WorkerVars;
  interface Env extends WorkerVars {}
}
