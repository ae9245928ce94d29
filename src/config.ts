import { z } from "zod";
import { ConfigError, configIssuesOf, type ConfigIssue } from "./config-issues.ts";
import { parseShadow, type ShadowConfig } from "./config-shadow.ts";

export { ConfigError, describeConfigIssue, type ConfigIssue } from "./config-issues.ts";

/**
 * Configuration is read from the Worker's environment once per environment object, validated with zod,
 * and handed around as a typed, frozen `AppConfig`. Bad values fail loudly with the variable's name.
 */

const PROVIDERS = ["heuristic", "ollama", "openai"] as const;
const BATCH_STRATEGIES = ["axiom", "all", "dimension"] as const;

export type ProviderName = (typeof PROVIDERS)[number];
export type BatchStrategy = (typeof BATCH_STRATEGIES)[number];

/**
 * Each variable's schema carries, as its description, what it accepts: errors quote it (with the value
 * given), so a bad setting says how to fix it.
 */
const accepting = <T extends z.ZodType>(schema: T, accepted: string): T => schema.describe(accepted);

/** Most gate objects one endpoint's permits may be split over (docs/scaling.md). */
export const MAX_GATE_SHARDS = 32;

/** Reads an optional integer variable within bounds. */
const intVar = (fallback: number, min: number, max: number) =>
  accepting(z.coerce.number().int().min(min).max(max).default(fallback), `an integer from ${min} to ${max} (default ${fallback})`);

/** Reads an optional non-negative decimal variable. */
const decimalVar = (fallback: number, max: number) =>
  accepting(z.coerce.number().min(0).max(max).default(fallback), `a number from 0 to ${max} (default ${fallback})`);

/** Reads an optional choice among `values`. */
const enumVar = <const T extends readonly [string, ...string[]]>(values: T, fallback: T[number]) =>
  accepting(z.enum(values).default(fallback as never), `one of ${values.join(", ")} (default ${fallback})`);

const httpUrl = accepting(z.url({ protocol: /^https?$/ }).optional(), "an http:// or https:// URL");

const optionalString = accepting(
  z
    .string()
    .trim()
    .transform((value) => (value === "" ? undefined : value))
    .optional(),
  "a string",
);

/** One judge: which provider and model, how to call it, what it costs. */
const JudgeProfileSchema = z.object({
  provider: enumVar(PROVIDERS, "heuristic"),
  base_url: httpUrl,
  model: optionalString,
  api_key: optionalString,
  batch: enumVar(BATCH_STRATEGIES, "axiom"),
  timeout_ms: intVar(30_000, 100, 600_000),
  retries: intVar(2, 0, 10),
  concurrency: intVar(8, 1, 256),
  price_in_per_mtok: decimalVar(0, 10_000),
  price_out_per_mtok: decimalVar(0, 10_000),
  breaker_threshold: intVar(5, 1, 1_000),
  breaker_cooldown_ms: intVar(30_000, 0, 3_600_000),
  /** Gate objects the endpoint's permits are split over; unset: `JUDGE_GATE_SHARDS`. */
  gate_shards: accepting(z.coerce.number().int().min(1).max(MAX_GATE_SHARDS).optional(), `an integer from 1 to ${MAX_GATE_SHARDS} (default JUDGE_GATE_SHARDS)`),
});

/**
 * One judge, by name. A panel of several judges is meant to be another variant of this type later
 * (`{ name, panel: ["fast", "careful"], combine: "mean" }`, naming other profiles): a panel provider
 * would implement the same `JudgeProvider.scoreBatch` by asking each member and combining their
 * outcomes, each member keeping its own gate, and the panel's digest (part of derived cell ids) would
 * cover its members' digests. Nothing in the cell would change.
 */
export type JudgeProfile = Omit<z.output<typeof JudgeProfileSchema>, "gate_shards"> & {
  /** Profile name as requests refer to it (`default` or a key of `JUDGE_PROFILES`). */
  name: string;
  model: string;
  /** Gate objects the endpoint's permits are split over (the profile's own, else `JUDGE_GATE_SHARDS`). */
  gate_shards: number;
};

const JUDGE_PROFILES_ACCEPTED =
  'a JSON object of named judge profiles, e.g. {"fast": {"provider": "ollama", "base_url": "http://127.0.0.1:11434", "model": "llama3.2"}}';

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
  JUDGE_BUDGET_USD: decimalVar(1, 1_000_000),
  JUDGE_WAIT_MS: intVar(25_000, 0, 300_000),
  JUDGE_PROFILES: accepting(optionalString, JUDGE_PROFILES_ACCEPTED),
  JUDGE_SHADOW: accepting(optionalString, '{"candidate": "<profile>", "sample": 0..1}: a judge profile that also judges a sample of new cells'),
  LIBSQL_URL: accepting(
    z.url({ protocol: /^(https?|wss?|libsql)$/ }).default("http://127.0.0.1:8080"),
    "an http(s)://, ws(s):// or libsql:// URL (default http://127.0.0.1:8080)",
  ),
  LIBSQL_AUTH_TOKEN: optionalString,
  API_KEYS: accepting(optionalString, "comma-separated SHA-256 hex digests (64 hex characters each) of the accepted keys"),
  /** `off` leaves `/v1` open when no `API_KEYS` are set (local use; `npm start` sets it on loopback). */
  AUTH: enumVar(["on", "off"], "on"),
  /** `on` lets batch callbacks reach loopback and private addresses (local use; `npm start` sets it). */
  CALLBACK_ALLOW_PRIVATE: enumVar(["on", "off"], "off"),
  MAX_CONTENT_BYTES: intVar(65_536, 1, 1_048_576),
  CELL_MAX_WAITERS: intVar(2_000, 1, 100_000),
  RATE_LIMITS: enumVar(["on", "off"], "on"),
  REQUEST_LOGS: enumVar(["on", "off"], "on"),
});

/** A configuration variable's name: `npm start` passes exactly these to the Worker, README lists them. */
export type WorkerVarName = keyof typeof EnvSchema.shape;

/** The configuration variables as the Worker's environment holds them (src/env.d.ts merges this into Env). */
export type WorkerVars = { [name in WorkerVarName]?: string };

/** Every configuration variable, in the schema's order: the one list the stack, Env and README follow. */
export const WORKER_VAR_NAMES = Object.keys(EnvSchema.shape) as WorkerVarName[];

/** Variables whose values never appear in an error, a log line or a reply. */
const SECRET_VARIABLES: ReadonlySet<string> = new Set(["JUDGE_API_KEY", "LIBSQL_AUTH_TOKEN", "API_KEYS"]);
const SECRET_PROFILE_FIELDS: ReadonlySet<string> = new Set(["api_key"]);

export interface AppConfig {
  profiles: Readonly<Record<string, JudgeProfile>>;
  budgetUsd: number;
  waitMs: number;
  maxContentBytes: number;
  /** Requests one cell lets wait for its judgment at once; past it, 503 `overloaded`. */
  cellMaxWaiters: number;
  /** A candidate judge shadowing a sample of the default profile's cells (JUDGE_SHADOW), or null. */
  shadow: ShadowConfig | null;
  libsql: { url: string; authToken: string | undefined };
  /** Lowercase SHA-256 hex digests of accepted API keys; empty means the API is open. */
  apiKeyDigests: readonly string[];
  /** Whether per-client rate limits apply (`RATE_LIMITS=off` is for local load tests only). */
  rateLimits: boolean;
  /**
   * Whether each request and each judgment is logged as a JSON line (`REQUEST_LOGS=off` is for local
   * load tests: `wrangler dev` spends about a millisecond of its own CPU per line).
   */
  requestLogs: boolean;
}

const DEFAULT_MODELS: Record<ProviderName, string> = {
  heuristic: "heuristic-v1",
  ollama: "llama3.2",
  openai: "gpt-4o-mini",
};

const SHA256_HEX = /^[0-9a-f]{64}$/;
const PROFILE_NAME = /^[a-z0-9][a-z0-9_-]{0,63}$/;

/** A profile complete with its name and model, or the issue that keeps it from being one. */
function completeProfile(name: string, raw: z.output<typeof JudgeProfileSchema>, gateShards: number): JudgeProfile | ConfigIssue {
  if (raw.provider !== "heuristic" && !raw.base_url) {
    return name === "default"
      ? { variable: "JUDGE_BASE_URL", accepted: `an http:// or https:// URL: judge profile "default": provider ${raw.provider} needs a base URL` }
      : { variable: "JUDGE_PROFILES", at: `${name}.base_url`, accepted: `an http:// or https:// URL: judge profile "${name}": provider ${raw.provider} needs a base URL` };
  }
  return { ...raw, name, model: raw.model ?? DEFAULT_MODELS[raw.provider], gate_shards: raw.gate_shards ?? gateShards };
}

const isIssue = (value: JudgeProfile | ConfigIssue): value is ConfigIssue => "variable" in value;

function parseNamedProfiles(json: string | undefined, issues: ConfigIssue[], gateShards = 1): Record<string, JudgeProfile> {
  if (!json) return {};
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    // The position only: the document may hold an api_key.
    const position = /position (\d+)/.exec(String(error))?.[1];
    const where = position === undefined ? "" : `; parsing stopped at character ${position}`;
    issues.push({ variable: "JUDGE_PROFILES", accepted: `${JUDGE_PROFILES_ACCEPTED} (the value is not valid JSON${where})` });
    return {};
  }
  const parsed = z
    .record(z.string().regex(PROFILE_NAME), JudgeProfileSchema)
    .safeParse(value);
  if (!parsed.success) {
    issues.push(...configIssuesOf(parsed.error, { schema: JudgeProfileSchema, input: value, secrets: SECRET_PROFILE_FIELDS, variable: "JUDGE_PROFILES", keyAccepted: "profile names of lowercase letters, digits, _ and - (up to 64 characters)" }));
    return {};
  }
  const profiles: Record<string, JudgeProfile> = {};
  for (const [name, raw] of Object.entries(parsed.data)) {
    const profile = completeProfile(name, raw, gateShards);
    if (isIssue(profile)) issues.push(profile);
    else profiles[name] = profile;
  }
  return profiles;
}

function parseApiKeyDigests(value: string | undefined, issues: ConfigIssue[]): string[] {
  if (!value) return [];
  const digests = value.split(",").map((item) => item.trim().toLowerCase()).filter(Boolean);
  if (digests.some((digest) => !SHA256_HEX.test(digest))) {
    issues.push({ variable: "API_KEYS", accepted: "comma-separated SHA-256 hex digests (64 hex characters each) of the accepted keys, not the keys" });
  }
  return digests;
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
    parseApiKeyDigests(strings.API_KEYS, issues);
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
  }, vars.JUDGE_GATE_SHARDS);
  if (isIssue(defaultProfile)) issues.push(defaultProfile);
  const named = parseNamedProfiles(vars.JUDGE_PROFILES, issues, vars.JUDGE_GATE_SHARDS);
  const apiKeyDigests = parseApiKeyDigests(vars.API_KEYS, issues);
  if (issues.length > 0 || isIssue(defaultProfile)) throw new ConfigError(issues);
  const profiles = Object.freeze({ ...named, default: defaultProfile });
  return Object.freeze({
    profiles,
    shadow: parseShadow(vars.JUDGE_SHADOW, profiles),
    budgetUsd: vars.JUDGE_BUDGET_USD,
    waitMs: vars.JUDGE_WAIT_MS,
    maxContentBytes: vars.MAX_CONTENT_BYTES,
    cellMaxWaiters: vars.CELL_MAX_WAITERS,
    libsql: { url: vars.LIBSQL_URL, authToken: vars.LIBSQL_AUTH_TOKEN },
    apiKeyDigests: Object.freeze(apiKeyDigests),
    rateLimits: vars.RATE_LIMITS === "on",
    requestLogs: vars.REQUEST_LOGS === "on",
  });
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
