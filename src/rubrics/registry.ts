import { configOf } from "../config.ts";
import { createDatabase, onStorage } from "../db/client.ts";
import { ApiError } from "../errors.ts";
import type { Rubric } from "../judge/types.ts";
import { BUILT_IN_RUBRICS } from "./built-in.ts";
import { formatRubricRef, parseRubricRef } from "./ref.ts";
import { RubricStore, type StoredRubric } from "./store.ts";
import { tenantObjectName } from "../security/tenant.ts";

export { BUILT_IN_RUBRICS } from "./built-in.ts";

/** Versions are immutable, so a version once read never needs reading again in this isolate (keyed by tenant too). */
const versionCache = new Map<string, StoredRubric>();
const VERSION_CACHE_MAX = 1_000;

function unknownRubric(detail: string, message: string): ApiError {
  return new ApiError("invalid_request", detail, { errors: [{ path: "rubric", message }] });
}

/** A tenant's custom rubrics. */
export function rubricStore(env: Env, tenant: string): RubricStore {
  return new RubricStore(createDatabase(configOf(env)), tenant);
}

/** A tenant's custom rubric version from Turso (cached once read); null when it does not exist. */
export async function loadCustomRubric(env: Env, tenant: string, id: string, version?: number): Promise<StoredRubric | null> {
  const cached = version === undefined ? undefined : versionCache.get(tenantObjectName(tenant, formatRubricRef({ id, version })));
  if (cached) return cached;
  const stored = await onStorage("reading a rubric", () => rubricStore(env, tenant).get(id, version));
  if (stored) {
    if (versionCache.size >= VERSION_CACHE_MAX) versionCache.clear();
    versionCache.set(tenantObjectName(tenant, formatRubricRef(stored.rubric)), stored);
  }
  return stored;
}

/**
 * Resolves a request's rubric reference (`id` or `id@version`): built-ins (every tenant's) from memory,
 * the tenant's custom rubrics from Turso. A bare id means the latest version.
 *
 * @throws ApiError `invalid_request` for an unknown rubric or version, `storage_unavailable` when
 * Turso cannot say.
 */
export async function resolveRubric(env: Env, tenant: string, ref: string): Promise<Rubric> {
  const { id, version } = parseRubricRef(ref);
  const builtIn = BUILT_IN_RUBRICS.get(id);
  if (builtIn) {
    if (version !== undefined && version !== builtIn.version) {
      throw unknownRubric(`rubric "${id}" has no version ${version}`, "unknown rubric version");
    }
    return builtIn;
  }
  const stored = await loadCustomRubric(env, tenant, id, version);
  if (stored) return stored.rubric;
  if (version !== undefined && (await loadCustomRubric(env, tenant, id))) {
    throw unknownRubric(`rubric "${id}" has no version ${version}`, "unknown rubric version");
  }
  throw unknownRubric(`unknown rubric "${id}"`, "unknown rubric");
}
