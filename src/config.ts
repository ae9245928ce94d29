import { z } from "zod";
import { ConfigError, configIssuesOf, type ConfigIssue } from "./config-issues.ts";
import { completeProfile, isIssue, JUDGE_PROFILES_ACCEPTED, parseNamedProfiles, parsePanels, type JudgeChoice, type JudgeProfile, type PanelJudge } from "./config-profiles.ts";
import { parseQuotas, type Quotas } from "./config-quotas.ts";
import { accepting, BATCH_STRATEGIES, decimalVar, enumVar, httpUrl, intVar, MAX_GATE_SHARDS, optionalString, PROVIDERS, SCORING_MODES } from "./config-vars.ts";
import { parseShadow, type ShadowConfig } from "./config-shadow.ts";
import { fenceSecretOf } from "./security/fence-tag.ts";
import { KEY_TENANT_PREFIX, keyTenant, TENANT_NAME } from "./security/tenant.ts";

export { ConfigError, describeConfigIssue, type ConfigIssue } from "./config-issues.ts";
export { type JudgeChoice, type JudgeProfile, type PanelJudge } from "./config-profiles.ts";
export { quotaFor, type QuotaLimits, type Quotas } from "./config-quotas.ts";
export { MAX_GATE_SHARDS, type BatchStrategy, type ProviderName, type ScoringMode } from "./config-vars.ts";

/**
 * Configuration is read from the Worker's environment once per environment object, validated with zod,
 * and handed around as a typed, frozen `AppConfig`. Bad values fail loudly with the variable's name.
 */

const API_KEYS_ACCEPTED =
  "comma-separated SHA-256 hex digests (64 hex characters each) of the accepted keys, each optionally tenant:digest (tenant: 1–64 of [A-Za-z0-9._-], not starting k_)";
const EnvSchema = z.object({
  JUDGE_PROVIDER: enumVar(PROVIDERS, "heuristic"),
  JUDGE_BASE_URL: httpUrl,
  JUDGE_MODEL: optionalString,
  JUDGE_API_KEY: optionalString,
  JUDGE_BATCH: enumVar(BATCH_STRATEGIES, "axiom"),
  JUDGE_TIMEOUT_MS: intVar(30_000, 100, 600_000),
  JUDGE_RETRIES: intVar(2, 0, 10),
  JUDGE_CONCURRENCY: intVar(8, 1, 256),
  JUDGE_PRICE_IN_PER_MTOK: decimalVar(0, 10_000),
  JUDGE_PRICE_OUT_PER_MTOK: decimalVar(0, 10_000),
  JUDGE_BREAKER_THRESHOLD: intVar(5, 1, 1_000),
  JUDGE_BREAKER_COOLDOWN_MS: intVar(30_000, 0, 3_600_000),
  JUDGE_GATE_SHARDS: intVar(1, 1, MAX_GATE_SHARDS),
  JUDGE_SCORING: enumVar(SCORING_MODES, "direct"),
  JURY_DISAGREEMENT: decimalVar(25, 100),
  JUDGE_BUDGET_USD: decimalVar(1, 1_000_000),
  JUDGE_WAIT_MS: intVar(25_000, 0, 300_000),
  JUDGE_PROFILES: accepting(optionalString, JUDGE_PROFILES_ACCEPTED),
  JUDGE_SHADOW: accepting(optionalString, '{"candidate": "<profile>", "sample": 0..1}: a judge profile that also judges a sample of new cells'),
  LIBSQL_URL: accepting(
    z.url({ protocol: /^(https?|wss?|libsql)$/ }).default("http://127.0.0.1:8080"),
    "an http(s)://, ws(s):// or libsql:// URL (default http://127.0.0.1:8080)",
  ),
  LIBSQL_AUTH_TOKEN: optionalString,
  API_KEYS: accepting(optionalString, API_KEYS_ACCEPTED),
  /** `off` leaves `/v1` open when no `API_KEYS` are set (local use; `npm start` sets it on loopback). */
  AUTH: enumVar(["on", "off"], "on"),
  /** `on` lets batch callbacks reach loopback and private addresses (local use; `npm start` sets it). */
  CALLBACK_ALLOW_PRIVATE: enumVar(["on", "off"], "off"),
  MAX_CONTENT_BYTES: intVar(65_536, 1, 1_048_576),
  CELL_MAX_WAITERS: intVar(2_000, 1, 100_000),
  CELL_HEARTBEAT_MS: intVar(2_000, 100, 60_000),
  /** WebSockets one cell, comparison or batch keeps open at once (the hibernation API allows 32,768). */
  CELL_MAX_SOCKETS: intVar(64, 1, 32_768),
  RATE_LIMITS: enumVar(["on", "off"], "on"),
  REQUEST_LOGS: enumVar(["on", "off"], "on"),
  BATCH_CONCURRENCY: intVar(32, 1, 512),
  BATCH_MAX_BYTES: intVar(16 * 1024 * 1024, 1_024, 100 * 1024 * 1024),
  WEBHOOK_SECRET: optionalString,
  FENCE_SECRET: optionalString,
  QUOTAS: accepting(optionalString, '{"default": {"judgments_per_minute": n, "usd_per_day": x}, "<key sha-256>": {...}}'),
  OVERLOAD: enumVar(["on", "off"], "on"),
  OVERLOAD_INITIAL_LIMIT: intVar(32, 1, 10_000),
  OVERLOAD_TARGET_MS: intVar(1_000, 10, 60_000),
  /** How long `/v1/health`'s figures are reused per isolate: a flood of requests costs one probe per window. */
  HEALTH_CACHE_MS: intVar(5_000, 0, 60_000),
  /** Memory one isolate gives completed judgments it answers again without asking their cells (0: off). */
  JUDGMENT_CACHE_BYTES: intVar(16 * 1024 * 1024, 0, 64 * 1024 * 1024),
});

/** A configuration variable's name: `npm start` passes exactly these to the Worker, README lists them. */
export type WorkerVarName = keyof typeof EnvSchema.shape;

/** The configuration variables as the Worker's environment holds them (src/env.d.ts merges this into Env). */
export type WorkerVars = { [name in WorkerVarName]?: string };

/** Every configuration variable, in the schema's order: the one list the stack, Env and README follow. */
export const WORKER_VAR_NAMES = Object.keys(EnvSchema.shape) as WorkerVarName[];

/** Variables whose values never appear in an error, a log line or a reply. */
const SHA256_HEX = /^[0-9a-f]{64}$/;
const SECRET_VARIABLES: ReadonlySet<string> = new Set(["JUDGE_API_KEY", "LIBSQL_AUTH_TOKEN", "API_KEYS", "WEBHOOK_SECRET", "FENCE_SECRET"]);
export interface AppConfig {
  /** Single judge profiles by name, `default` included. */
  profiles: Readonly<Record<string, JudgeProfile>>;
  /** Panels by name; a name is never both a profile and a panel. */
  panels: Readonly<Record<string, PanelJudge>>;
  /** A panel's dimension whose juror scores spread this far (max − min) or more is a disagreement. */
  juryDisagreement: number;
  /** The default `budget_usd` of a request, and the most any request may give a judgment (USD). */
  budgetUsd: number;
  waitMs: number;
  maxContentBytes: number;
  /** Requests one cell lets wait for its judgment at once; past it, 503 `overloaded`. */
  cellMaxWaiters: number;
  /**
   * How often a cell with an unfinished judgment wakes up: the longest a judgment interrupted by a
   * crash or restart waits before it resumes, with nobody asking for it.
   */
  cellHeartbeatMs: number;
  /** WebSockets one cell, comparison or batch keeps open at once; past it, an upgrade gets 503 `overloaded`. */
  cellMaxSockets: number;
  /** A candidate judge shadowing a sample of the default profile's cells (JUDGE_SHADOW), or null. */
  shadow: ShadowConfig | null;
  libsql: { url: string; authToken: string | undefined };
  /** Lowercase SHA-256 hex digests of accepted API keys. */
  apiKeyDigests: readonly string[];
  /** The tenant of each key of `apiKeyDigests`, at the same index. */
  apiKeyTenants: readonly string[];
  /**
   * Whether `/v1` may be open when no keys are configured (`AUTH=off`, local use). Otherwise a Worker
   * without `API_KEYS` answers 503 `misconfigured` on `/v1` rather than serve anyone.
   */
  openWithoutKeys: boolean;
  /** Whether per-client rate limits apply (`RATE_LIMITS=off` is for local load tests only). */
  rateLimits: boolean;
  /**
   * Whether each request and each judgment is logged as a JSON line (`REQUEST_LOGS=off` is for local
   * load tests: `wrangler dev` spends about a millisecond of its own CPU per line).
   */
  requestLogs: boolean;
  /** Items one batch has in flight at once (`BATCH_CONCURRENCY`). */
  batchConcurrency: number;
  /** Largest batch submission, in bytes (`BATCH_MAX_BYTES`; 10,000 items need far more than one judgment). */
  batchMaxBytes: number;
  /** Key of the HMAC in `Webhook-Signature`; without it batches cannot take a `callback_url`. */
  webhookSecret: string | undefined;
  /** Key of the prompt fence's HMAC (src/security/fence-tag.ts): `FENCE_SECRET`, or derived. */
  fenceSecret: string;
  /** Whether callbacks may go to loopback, private or link-local addresses (local development only). */
  callbackAllowPrivate: boolean;
  /** Cost quotas per key (`QUOTAS`); null when none are configured (no judgment is charged). */
  quotas: Quotas | null;
  /**
   * Adaptive admission of new judgments per isolate (`OVERLOAD`, `OVERLOAD_INITIAL_LIMIT`, and
   * `OVERLOAD_TARGET_MS`: the start latency above which the limit is cut).
   */
  overload: { enabled: boolean; initialLimit: number; targetMs: number };
  /** How long `/v1/health` reuses its figures per isolate (`HEALTH_CACHE_MS`; 0 measures every time). */
  healthCacheMs: number;
  /** Memory per isolate for completed judgments answered without their cells (`JUDGMENT_CACHE_BYTES`; 0: none). */
  judgmentCacheBytes: number;
}

/**
 * `API_KEYS` entries, `digest` or `tenant:digest`: the digests in order, and each one's tenant
 * (src/security/tenant.ts: a bare digest is a tenant of its own).
 */
function parseApiKeys(value: string | undefined, issues: ConfigIssue[]): { digests: string[]; tenants: string[] } {
  const entries = (value ?? "").split(",").map((item) => item.trim()).filter(Boolean).map((entry) => {
    const colon = entry.lastIndexOf(":");
    return { tenant: colon === -1 ? null : entry.slice(0, colon), digest: entry.slice(colon + 1).toLowerCase() };
  });
  const valid = ({ tenant, digest }: { tenant: string | null; digest: string }) =>
    SHA256_HEX.test(digest) && (tenant === null || (TENANT_NAME.test(tenant) && !tenant.startsWith(KEY_TENANT_PREFIX)));
  if (!entries.every(valid)) issues.push({ variable: "API_KEYS", accepted: `${API_KEYS_ACCEPTED}, not the keys` });
  return { digests: entries.map((entry) => entry.digest), tenants: entries.map((entry) => entry.tenant ?? keyTenant(entry.digest)) };
}

/**
 * Parses and validates the environment (the Worker's, or `npm start`'s before it starts anything).
 *
 * @example
 * const config = parseConfig({ JUDGE_PROVIDER: "ollama", JUDGE_BASE_URL: "http://127.0.0.1:11434" });
 * config.profiles.default.model; // "llama3.2"
 * @throws ConfigError naming every bad variable, the value given (unless secret) and what it accepts.
 */
export function parseConfig(env: Record<string, unknown>): AppConfig {
  const strings: Record<string, string> = Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => typeof entry[1] === "string" && entry[1] !== ""),
  );
  const parsed = EnvSchema.safeParse(strings);
  const issues: ConfigIssue[] = [];
  if (!parsed.success) {
    // Every bad variable at once: the JSON and list variables are checked on their own too.
    issues.push(...configIssuesOf(parsed.error, { schema: EnvSchema, input: strings, secrets: SECRET_VARIABLES }));
    parseNamedProfiles(strings.JUDGE_PROFILES, issues);
    parseApiKeys(strings.API_KEYS, issues);
    parseQuotas(strings.QUOTAS, issues);
    throw new ConfigError(issues);
  }
  const vars = parsed.data;
  const defaultProfile = completeProfile("default", {
    provider: vars.JUDGE_PROVIDER,
    base_url: vars.JUDGE_BASE_URL,
    model: vars.JUDGE_MODEL,
    api_key: vars.JUDGE_API_KEY,
    batch: vars.JUDGE_BATCH,
    timeout_ms: vars.JUDGE_TIMEOUT_MS,
    retries: vars.JUDGE_RETRIES,
    concurrency: vars.JUDGE_CONCURRENCY,
    price_in_per_mtok: vars.JUDGE_PRICE_IN_PER_MTOK,
    price_out_per_mtok: vars.JUDGE_PRICE_OUT_PER_MTOK,
    breaker_threshold: vars.JUDGE_BREAKER_THRESHOLD,
    breaker_cooldown_ms: vars.JUDGE_BREAKER_COOLDOWN_MS,
    scoring: vars.JUDGE_SCORING,
  }, vars.JUDGE_GATE_SHARDS);
  if (isIssue(defaultProfile)) issues.push(defaultProfile);
  const named = parseNamedProfiles(vars.JUDGE_PROFILES, issues, vars.JUDGE_GATE_SHARDS);
  const apiKeys = parseApiKeys(vars.API_KEYS, issues);
  const quotas = parseQuotas(vars.QUOTAS, issues);
  const panels = isIssue(defaultProfile) ? {} : parsePanels(vars.JUDGE_PROFILES, { ...named, default: defaultProfile }, issues);
  if (issues.length > 0 || isIssue(defaultProfile)) throw new ConfigError(issues);
  const profiles = Object.freeze({ ...named, default: defaultProfile });
  return Object.freeze({
    profiles,
    panels: Object.freeze(panels),
    juryDisagreement: vars.JURY_DISAGREEMENT,
    shadow: parseShadow(vars.JUDGE_SHADOW, profiles),
    budgetUsd: vars.JUDGE_BUDGET_USD,
    waitMs: vars.JUDGE_WAIT_MS,
    maxContentBytes: vars.MAX_CONTENT_BYTES,
    cellMaxWaiters: vars.CELL_MAX_WAITERS,
    cellHeartbeatMs: vars.CELL_HEARTBEAT_MS,
    cellMaxSockets: vars.CELL_MAX_SOCKETS,
    libsql: { url: vars.LIBSQL_URL, authToken: vars.LIBSQL_AUTH_TOKEN },
    apiKeyDigests: Object.freeze(apiKeys.digests),
    apiKeyTenants: Object.freeze(apiKeys.tenants),
    openWithoutKeys: vars.AUTH === "off",
    rateLimits: vars.RATE_LIMITS === "on",
    requestLogs: vars.REQUEST_LOGS === "on",
    batchConcurrency: vars.BATCH_CONCURRENCY,
    batchMaxBytes: vars.BATCH_MAX_BYTES,
    webhookSecret: vars.WEBHOOK_SECRET,
    fenceSecret: fenceSecretOf({
      FENCE_SECRET: vars.FENCE_SECRET,
      secrets: [vars.JUDGE_API_KEY, ...Object.values(profiles).map((profile) => profile.api_key), vars.LIBSQL_AUTH_TOKEN, vars.API_KEYS, vars.WEBHOOK_SECRET],
    }),
    callbackAllowPrivate: vars.CALLBACK_ALLOW_PRIVATE === "on",
    quotas,
    overload: { enabled: vars.OVERLOAD === "on", initialLimit: vars.OVERLOAD_INITIAL_LIMIT, targetMs: vars.OVERLOAD_TARGET_MS },
    healthCacheMs: vars.HEALTH_CACHE_MS,
    judgmentCacheBytes: vars.JUDGMENT_CACHE_BYTES,
  });
}

/** The single profile or panel a request names, or undefined when no judge has that name. */
export function judgeChoice(config: AppConfig, name: string): JudgeChoice | undefined {
  const profile = config.profiles[name];
  if (profile) return { kind: "single", profile };
  const panel = config.panels[name];
  return panel ? { kind: "panel", panel } : undefined;
}

const cache = new WeakMap<object, AppConfig>();
const failures = new WeakMap<object, ConfigError>();

/**
 * The validated configuration of this environment, parsed on first use and then reused (a bad one's
 * ConfigError too: it is thrown again without parsing again).
 */
export function configOf(env: object): AppConfig {
  const config = cache.get(env);
  if (config) return config;
  const failure = failures.get(env);
  if (failure) throw failure;
  try {
    const parsed = parseConfig(env as Record<string, unknown>);
    cache.set(env, parsed);
    return parsed;
  } catch (error) {
    if (error instanceof ConfigError) failures.set(env, error);
    throw error;
  }
}

/** The configuration error of `env`, or undefined when its configuration is valid. */
export function configErrorOf(env: object): ConfigError | undefined {
  try {
    configOf(env);
    return undefined;
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
}
