/**
 * Tenants (README "Tenants"): every cell, comparison, batch, evaluation and custom rubric belongs to
 * the tenant of the key that made it, and only that tenant's keys can reach it. An `API_KEYS` entry
 * `name:digest` puts its key in tenant `name` (keys sharing a name share everything); a bare digest
 * is a tenant of its own, `k_` + the first 16 hex digits of its digest. With the API open
 * (`AUTH=off`) every caller is the one tenant `public`.
 */

/** The tenant of an open API (and of every row written before tenants existed). */
export const OPEN_TENANT = "public";

/** A tenant name in `API_KEYS`: never `/` (object names are `tenant/id`) nor `:` (the entry's separator). */
export const TENANT_NAME = /^[A-Za-z0-9._-]{1,64}$/;

/** Names of keys without one; an `API_KEYS` entry may not claim it for a name of its own. */
export const KEY_TENANT_PREFIX = "k_";

/**
 * The tenant of a key listed without a name: stable across rotations of other keys, and unguessable
 * without the digest (64 bits of it).
 *
 * @example
 * keyTenant("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"); // "k_9f86d081884c7d65"
 */
export function keyTenant(digest: string): string {
  return `${KEY_TENANT_PREFIX}${digest.slice(0, 16)}`;
}

/**
 * The name of a tenant's Durable Object for `id` (a cell, comparison, batch or evaluation id). Ids
 * never hold `/` (src/schemas/judgment.ts), so two tenants' names can never meet; the open tenant's
 * objects keep their bare ids, the names they had before tenants existed.
 *
 * @example
 * tenantObjectName("acme", "c_0123"); // "acme/c_0123"
 */
export function tenantObjectName(tenant: string, id: string): string {
  return tenant === OPEN_TENANT ? id : `${tenant}/${id}`;
}

/** The tenant and id an object name holds (the inverse of `tenantObjectName`). */
export function splitObjectName(name: string): { tenant: string; id: string } {
  const slash = name.indexOf("/");
  return slash === -1 ? { tenant: OPEN_TENANT, id: name } : { tenant: name.slice(0, slash), id: name.slice(slash + 1) };
}
