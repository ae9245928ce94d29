import { z } from "zod";
import { parseShadow, type ShadowConfig } from "./config-shadow.ts";

/**
 * Configuration is read from the Worker's environment once per environment object, validated with zod,
 * and handed around as a typed, frozen `AppConfig`. Bad values fail loudly with the variable's name.
 */

const PROVIDERS = ["heuristic", "ollama", "openai"] as const;
const BATCH_STRATEGIES = ["axiom", "all", "dimension"] as const;

export type ProviderName = (typeof PROVIDERS)[number];
export type BatchStrategy = (typeof BATCH_STRATEGIES)[number];

/** Most gate objects one endpoint's permits may be split over (docs/scaling.md). */
export const MAX_GATE_SHARDS = 32;

/** Reads an optional integer variable within bounds. */
const intVar = (fallback: number, min: number, max: number) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

/** Reads an optional non-negative decimal variable. */
const decimalVar = (fallback: number, max: number) => z.coerce.number().min(0).max(max).default(fallback);

const optionalString = z
  .string()
  .trim()
  .transform((value) => (value === "" ? undefined : value))
  .optional();

/** One judge: which provider and model, how to call it, what it costs. */
const JudgeProfileSchema = z.object({
  provider: z.enum(PROVIDERS).default("heuristic"),
  base_url: z.url({ protocol: /^https?$/ }).optional(),
  model: optionalString,
  api_key: optionalString,
  batch: z.enum(BATCH_STRATEGIES).default("axiom"),
  timeout_ms: intVar(30_000, 100, 600_000),
  retries: intVar(2, 0, 10),
  concurrency: intVar(8, 1, 256),
  price_in_per_mtok: decimalVar(0, 10_000),
  price_out_per_mtok: decimalVar(0, 10_000),
  breaker_threshold: intVar(5, 1, 1_000),
  breaker_cooldown_ms: intVar(30_000, 0, 3_600_000),
  /** Gate objects the endpoint's permits are split over; unset: `JUDGE_GATE_SHARDS`. */
  gate_shards: z.coerce.number().int().min(1).max(MAX_GATE_SHARDS).optional(),
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

const EnvSchema = z.object({
  JUDGE_PROVIDER: z.enum(PROVIDERS).default("heuristic"),
  JUDGE_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
  JUDGE_MODEL: optionalString,
  JUDGE_API_KEY: optionalString,
  JUDGE_BATCH: z.enum(BATCH_STRATEGIES).default("axiom"),
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
  JUDGE_PROFILES: optionalString,
  JUDGE_SHADOW: optionalString,
  LIBSQL_URL: z
    .url({ protocol: /^(https?|wss?|libsql)$/ })
    .default("http://127.0.0.1:8080"),
  LIBSQL_AUTH_TOKEN: optionalString,
  API_KEYS: optionalString,
  MAX_CONTENT_BYTES: intVar(65_536, 1, 1_048_576),
  CELL_MAX_WAITERS: intVar(2_000, 1, 100_000),
  RATE_LIMITS: z.enum(["on", "off"]).default("on"),
  REQUEST_LOGS: z.enum(["on", "off"]).default("on"),
});

/** A configuration variable's name: `npm start` passes exactly these to the Worker, README lists them. */
export type WorkerVarName = keyof typeof EnvSchema.shape;

/** The configuration variables as the Worker's environment holds them (src/env.d.ts merges this into Env). */
export type WorkerVars = { [name in WorkerVarName]?: string };

/** Every configuration variable, in the schema's order: the one list the stack, Env and README follow. */
export const WORKER_VAR_NAMES = Object.keys(EnvSchema.shape) as WorkerVarName[];

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

export class ConfigError extends Error {
  override name = "ConfigError";
}

const DEFAULT_MODELS: Record<ProviderName, string> = {
  heuristic: "heuristic-v1",
  ollama: "llama3.2",
  openai: "gpt-4o-mini",
};

const SHA256_HEX = /^[0-9a-f]{64}$/;

function describeIssues(error: z.ZodError, prefix = ""): string {
  return error.issues
    .map((issue) => `${prefix}${issue.path.join(".") || "(root)"}: ${issue.message}`)
    .join("; ");
}

function completeProfile(name: string, raw: z.output<typeof JudgeProfileSchema>, gateShards: number): JudgeProfile {
  if (raw.provider !== "heuristic" && !raw.base_url) {
    throw new ConfigError(`judge profile "${name}": provider ${raw.provider} needs a base URL`);
  }
  return { ...raw, name, model: raw.model ?? DEFAULT_MODELS[raw.provider], gate_shards: raw.gate_shards ?? gateShards };
}

function parseNamedProfiles(json: string | undefined, gateShards: number): Record<string, JudgeProfile> {
  if (!json) return {};
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new ConfigError("JUDGE_PROFILES: not valid JSON");
  }
  const parsed = z
    .record(z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/), JudgeProfileSchema)
    .safeParse(value);
  if (!parsed.success) throw new ConfigError(describeIssues(parsed.error, "JUDGE_PROFILES."));
  return Object.fromEntries(
    Object.entries(parsed.data).map(([name, profile]) => [name, completeProfile(name, profile, gateShards)]),
  );
}

function parseApiKeyDigests(value: string | undefined): string[] {
  if (!value) return [];
  const digests = value.split(",").map((item) => item.trim().toLowerCase()).filter(Boolean);
  const bad = digests.find((digest) => !SHA256_HEX.test(digest));
  if (bad !== undefined) {
    throw new ConfigError("API_KEYS: every entry must be the SHA-256 hex digest (64 hex chars) of a key");
  }
  return digests;
}

/**
 * Parses and validates the environment.
 *
 * @example
 * const config = parseConfig({ JUDGE_PROVIDER: "ollama", JUDGE_BASE_URL: "http://127.0.0.1:11434" });
 * config.profiles.default.model; // "llama3.2"
 * @throws ConfigError naming every bad variable.
 */
export function parseConfig(env: Record<string, unknown>): AppConfig {
  const strings = Object.fromEntries(
    Object.entries(env).filter(([, value]) => typeof value === "string" && value !== ""),
  );
  const parsed = EnvSchema.safeParse(strings);
  if (!parsed.success) throw new ConfigError(`invalid configuration: ${describeIssues(parsed.error)}`);
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
  const profiles = Object.freeze({ ...parseNamedProfiles(vars.JUDGE_PROFILES, vars.JUDGE_GATE_SHARDS), default: defaultProfile });
  return Object.freeze({
    profiles,
    shadow: parseShadow(vars.JUDGE_SHADOW, profiles),
    budgetUsd: vars.JUDGE_BUDGET_USD,
    waitMs: vars.JUDGE_WAIT_MS,
    maxContentBytes: vars.MAX_CONTENT_BYTES,
    cellMaxWaiters: vars.CELL_MAX_WAITERS,
    libsql: { url: vars.LIBSQL_URL, authToken: vars.LIBSQL_AUTH_TOKEN },
    apiKeyDigests: Object.freeze(parseApiKeyDigests(vars.API_KEYS)),
    rateLimits: vars.RATE_LIMITS === "on",
    requestLogs: vars.REQUEST_LOGS === "on",
  });
}

const cache = new WeakMap<object, AppConfig>();

/** The validated configuration of this environment, parsed on first use and then reused. */
export function configOf(env: object): AppConfig {
  let config = cache.get(env);
  if (!config) {
    config = parseConfig(env as Record<string, unknown>);
    cache.set(env, config);
  }
  return config;
}
