import { z } from "zod";
import type { ConfigIssue } from "./config-issues.ts";

/** Cost quotas per key (`QUOTAS`): judgments started per minute and spend per UTC day. */

/** A key's limits: judgments started per minute and spend per UTC day; null means unlimited. */
export interface QuotaLimits {
  judgments_per_minute: number | null;
  usd_per_day: number | null;
}

export interface Quotas {
  default: QuotaLimits;
  /** By key digest (lowercase SHA-256 hex); fields a key names replace the default's. */
  byKey: Readonly<Record<string, QuotaLimits>>;
}

const QuotaEntrySchema = z.strictObject({
  judgments_per_minute: z.number().int().min(0).max(1_000_000).nullable().optional(),
  usd_per_day: z.number().min(0).max(1_000_000).nullable().optional(),
});

/** The limits that apply to a key: its own entry over the default. */
export function quotaFor(quotas: Quotas, key: string): QuotaLimits {
  return quotas.byKey[key] ?? quotas.default;
}

const QUOTAS_ACCEPTED = 'JSON {"default": {"judgments_per_minute": n, "usd_per_day": x}, "<key sha-256>": {...}}';

export function parseQuotas(json: string | undefined, issues: ConfigIssue[]): Quotas | null {
  if (!json) return null;
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    issues.push({ variable: "QUOTAS", accepted: `${QUOTAS_ACCEPTED} (the value is not valid JSON)` });
    return null;
  }
  const parsed = z
    .record(z.string().regex(/^(default|[0-9a-f]{64})$/, 'keys are "default" or a key\'s SHA-256 hex digest'), QuotaEntrySchema)
    .safeParse(value);
  if (!parsed.success) {
    issues.push({ variable: "QUOTAS", accepted: `${QUOTAS_ACCEPTED}: ${parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ")}` });
    return null;
  }
  const limits = (entry: z.output<typeof QuotaEntrySchema> | undefined, base: QuotaLimits): QuotaLimits => ({
    judgments_per_minute: entry?.judgments_per_minute === undefined ? base.judgments_per_minute : entry.judgments_per_minute,
    usd_per_day: entry?.usd_per_day === undefined ? base.usd_per_day : entry.usd_per_day,
  });
  const fallback = limits(parsed.data.default, { judgments_per_minute: null, usd_per_day: null });
  const byKey = Object.fromEntries(
    Object.entries(parsed.data).filter(([key]) => key !== "default").map(([key, entry]) => [key, limits(entry, fallback)]),
  );
  return { default: fallback, byKey: Object.freeze(byKey) };
}
