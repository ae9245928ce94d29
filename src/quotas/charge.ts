import { quotaFor, type AppConfig } from "../config.ts";
import type { QuotaCharge } from "../objects/quota.ts";

/**
 * Whom a new judgment is charged to: the caller (`c.get("client")`: `key:<digest>`, or `ip:<address>`
 * when the API is open) under its own quota entry, or the default. Undefined when no quotas are set.
 */
export function quotaChargeFor(config: AppConfig, client: string | undefined): QuotaCharge | undefined {
  if (!config.quotas) return undefined;
  const caller = client ?? "ip:unknown";
  const digest = caller.startsWith("key:") ? caller.slice(4) : "";
  return { key: caller, policy: quotaFor(config.quotas, digest) };
}
