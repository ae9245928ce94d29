/**
 * The API keys of the `workers-tenants` project (vitest.config.ts puts `TENANT_API_KEYS` in
 * `API_KEYS`): the victim's tenant `acme` has two keys (a named tenant, shared), the attacker's key is
 * listed bare (a tenant of its own).
 */
export const TENANT_KEYS = {
  acme: "tenant-key-acme-5d0c7e91b3",
  acmeTeammate: "tenant-key-acme-two-a48f26",
  mallory: "tenant-key-mallory-c3e07d5f",
} as const;

/** `API_KEYS` for these keys, given a SHA-256 hex function (node:crypto in the config, Web Crypto in tests). */
export function tenantApiKeys(sha256Hex: (key: string) => string): string {
  return [`acme:${sha256Hex(TENANT_KEYS.acme)}`, `acme:${sha256Hex(TENANT_KEYS.acmeTeammate)}`, sha256Hex(TENANT_KEYS.mallory)].join(",");
}
