import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "../../src/config.ts";

describe("parseConfig", () => {
  it("gives the embedded defaults for an empty environment", () => {
    const config = parseConfig({});
    expect(config.profiles.default).toMatchObject({
      name: "default",
      provider: "heuristic",
      model: "heuristic-v1",
      batch: "axiom",
      timeout_ms: 30_000,
      concurrency: 8,
    });
    expect(config).toMatchObject({ waitMs: 25_000, maxContentBytes: 65_536, budgetUsd: 1, apiKeyDigests: [], cellMaxWaiters: 2_000, cellHeartbeatMs: 2_000 });
    expect(config.profiles.default).toMatchObject({ breaker_threshold: 5, breaker_cooldown_ms: 30_000 });
    expect(config.libsql.url).toBe("http://127.0.0.1:8080");
  });

  it("reads every judge variable into the default profile", () => {
    const config = parseConfig({
      JUDGE_PROVIDER: "openai",
      JUDGE_BASE_URL: "https://models.example/v1",
      JUDGE_MODEL: "m",
      JUDGE_API_KEY: "k",
      JUDGE_BATCH: "dimension",
      JUDGE_TIMEOUT_MS: "5000",
      JUDGE_RETRIES: "4",
      JUDGE_CONCURRENCY: "3",
      JUDGE_PRICE_IN_PER_MTOK: "0.15",
      JUDGE_PRICE_OUT_PER_MTOK: "0.6",
    });
    expect(config.profiles.default).toMatchObject({
      provider: "openai",
      base_url: "https://models.example/v1",
      model: "m",
      api_key: "k",
      batch: "dimension",
      timeout_ms: 5000,
      retries: 4,
      concurrency: 3,
      price_in_per_mtok: 0.15,
      price_out_per_mtok: 0.6,
    });
  });

  it("names every bad variable in one error", () => {
    expect(() => parseConfig({ JUDGE_TIMEOUT_MS: "soon", JUDGE_BATCH: "some" })).toThrow(
      /JUDGE_TIMEOUT_MS.*JUDGE_BATCH|JUDGE_BATCH.*JUDGE_TIMEOUT_MS/,
    );
    expect(() => parseConfig({ MAX_CONTENT_BYTES: "-1" })).toThrow(ConfigError);
  });

  it("reads the cell heartbeat within seconds, not minutes", () => {
    expect(parseConfig({ CELL_HEARTBEAT_MS: "500" }).cellHeartbeatMs).toBe(500);
    expect(() => parseConfig({ CELL_HEARTBEAT_MS: "0" })).toThrow(/CELL_HEARTBEAT_MS/);
    expect(() => parseConfig({ CELL_HEARTBEAT_MS: "600000" })).toThrow(/CELL_HEARTBEAT_MS/);
  });

  it("requires a base URL for model providers", () => {
    expect(() => parseConfig({ JUDGE_PROVIDER: "ollama" })).toThrow(/needs a base URL/);
  });

  it("reads named profiles from JUDGE_PROFILES and rejects bad JSON", () => {
    const config = parseConfig({
      JUDGE_PROFILES: JSON.stringify({ fast: { provider: "ollama", base_url: "http://127.0.0.1:11434", model: "tiny" } }),
    });
    expect(config.profiles.fast).toMatchObject({ name: "fast", provider: "ollama", model: "tiny", batch: "axiom" });
    expect(() => parseConfig({ JUDGE_PROFILES: "{" })).toThrow(/JUDGE_PROFILES: expected .*not valid JSON/);
  });

  it("accepts API_KEYS only as SHA-256 hex digests", () => {
    const digest = "a".repeat(64);
    expect(parseConfig({ API_KEYS: ` ${digest.toUpperCase()} ,${digest}` }).apiKeyDigests).toEqual([digest, digest]);
    expect(() => parseConfig({ API_KEYS: "secret" })).toThrow(/SHA-256/);
  });

  it("reads a tenant per API_KEYS entry: tenant:digest, or the key's own k_<16 hex> for a bare digest", () => {
    const [one, two, three] = ["a".repeat(64), "b".repeat(64), "c".repeat(64)] as const;
    const config = parseConfig({ API_KEYS: `acme:${one},acme:${two.toUpperCase()}, ${three}` });
    expect(config.apiKeyDigests).toEqual([one, two, three]);
    expect(config.apiKeyTenants).toEqual(["acme", "acme", `k_${"c".repeat(16)}`]);
    for (const bad of [`a/b:${one}`, `:${one}`, `k_mine:${one}`, `${"t".repeat(65)}:${one}`, `acme:secret`]) {
      expect(() => parseConfig({ API_KEYS: bad }), bad).toThrow(/tenant:digest/);
    }
  });
});

describe("configuration errors", () => {
  const issuesOf = (env: Record<string, string>) => {
    try {
      parseConfig(env);
    } catch (error) {
      if (error instanceof ConfigError) return error.issues;
      throw error;
    }
    throw new Error("expected a ConfigError");
  };

  it("quote the value given and say what is accepted", () => {
    expect(issuesOf({ JUDGE_TIMEOUT_MS: "abc", JUDGE_PROVIDER: "bogus" })).toEqual([
      { variable: "JUDGE_PROVIDER", given: "bogus", accepted: "one of heuristic, ollama, openai (default heuristic)" },
      { variable: "JUDGE_TIMEOUT_MS", given: "abc", accepted: "an integer from 100 to 600000 (default 30000)" },
    ]);
    expect(() => parseConfig({ JUDGE_TIMEOUT_MS: "abc" })).toThrow('JUDGE_TIMEOUT_MS="abc": expected an integer from 100 to 600000');
  });

  it("point inside JUDGE_PROFILES and never quote a secret", () => {
    const issues = issuesOf({
      JUDGE_PROFILES: JSON.stringify({ "Bad name": {}, fast: { timeout_ms: "soon", api_key: 42 } }),
      LIBSQL_URL: "ftp://db",
      API_KEYS: "my-raw-secret-key",
    });
    expect(issues).toContainEqual({ variable: "LIBSQL_URL", given: "ftp://db", accepted: expect.stringContaining("libsql://") });
    expect(issues).toContainEqual({ variable: "JUDGE_PROFILES", at: "Bad name", accepted: expect.stringContaining("profile names") });
    expect(issues).toContainEqual({ variable: "JUDGE_PROFILES", at: "fast.timeout_ms", given: "soon", accepted: expect.stringContaining("an integer") });
    expect(issues).toContainEqual({ variable: "JUDGE_PROFILES", at: "fast.api_key", accepted: "a string" });
    expect(issues).toContainEqual({ variable: "API_KEYS", accepted: expect.stringContaining("SHA-256") });
  });
});
