/**
 * What runs the Worker: `wrangler dev` (the local development stack, with its proxy, Miniflare's entry
 * worker and dev middleware), or `workerd` (the bundle `wrangler deploy` would upload, on a bare
 * workerd: production-like, scripts/stack/workerd-host.ts).
 */
export const HOSTS = ["wrangler", "workerd"] as const;
export type Host = (typeof HOSTS)[number];
