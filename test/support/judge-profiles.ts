/**
 * The judge profiles integration tests call by name (`"judge": "<name>"` in a request), all pointing at
 * the fake model server. The model name carries the fake's behaviour (scripts/fake-model/behaviour.ts),
 * so each profile is one kind of model: healthy, slow, flaky, broken. Retries wait no longer than the
 * fake's `retry-after=0` and the backoff, so fault tests stay fast.
 */
export function testJudgeProfiles(fakeModelUrl: string): Record<string, Record<string, unknown>> {
  const ollama = (model: string, extra: Record<string, unknown> = {}) => ({ provider: "ollama", base_url: fakeModelUrl, model, ...extra });
  const openai = (model: string, extra: Record<string, unknown> = {}) => ({
    provider: "openai",
    base_url: `${fakeModelUrl}/v1`,
    model: `${model}+auth=sk-test`,
    api_key: "sk-test",
    ...extra,
  });
  return {
    ollama: ollama("fake"),
    openai: openai("fake"),
    "openai-all": openai("fake", { batch: "all" }),
    "openai-dimension": openai("fake", { batch: "dimension" }),
    "ollama-nojson": ollama("fake+modes=garbage"),
    flaky: openai("fake+modes=429,500,ok+retry-after=0", { retries: 2 }),
    "rate-limited": openai("fake+modes=429+retry-after=0", { retries: 1 }),
    "long-retry-after": openai("fake+modes=429+retry-after=3600", { retries: 3 }),
    hanging: openai("fake+modes=hang+hang=5000", { timeout_ms: 200, retries: 1 }),
    "down-once": openai("fake+modes=500,ok+retry-after=0", { retries: 0, breaker_threshold: 1000 }),
    "garbage-once": openai("fake+modes=garbage,ok"),
    "truncated-once": openai("fake+modes=truncated,ok"),
    garbage: openai("fake+modes=garbage"),
    fenced: openai("fake+modes=fenced"),
    prose: openai("fake+modes=prose"),
    "missing-first": openai("fake+modes=missing"),
    "out-of-range": openai("fake+modes=outofrange"),
    "wrong-types": openai("fake+modes=wrongtypes"),
    "no-schema": openai("fake+noschema"),
    "wrong-key": openai("fake", { api_key: "sk-wrong" }),
    priced: openai("fake+score=80", { price_in_per_mtok: 1000, price_out_per_mtok: 2000 }),
    slow: openai("fake+latency=400"),
    crawl: openai("fake+latency=2500"),
    // Gate and breaker: each profile is its own endpoint (the model name differs), so its own gate.
    breaker: openai("fake+modes=500+retry-after=0", { retries: 0, breaker_threshold: 5, breaker_cooldown_ms: 600_000 }),
    "breaker-probe": openai("fake+modes=500,ok+retry-after=0", { retries: 0, breaker_threshold: 5, breaker_cooldown_ms: 0 }),
    narrow: openai("fake+latency=100", { concurrency: 1, timeout_ms: 1_500 }),
    // Gate sharding: 5 permits over 2 shards (3 + 2); a breaker per shard that opens on one fault (its
    // model name differs from `breaker`'s so that it is an endpoint of its own).
    sharded: openai("fake+latency=20", { concurrency: 5, gate_shards: 2, timeout_ms: 10_000 }),
    "sharded-breaker": openai("fake+modes=500+retry-after=0+latency=0", { retries: 0, concurrency: 2, gate_shards: 2, breaker_threshold: 1, breaker_cooldown_ms: 600_000 }),
    "slow-steps": openai("fake+latency=150", { batch: "dimension", concurrency: 3 }),
    // Comparisons: a judge with pure position bias, and one that sees which content is better.
    "first-biased": openai("fake+prefer=first"),
    marked: ollama("fake+prefer=marked"),
    // The candidate of the workers-shadow project's JUDGE_SHADOW: slow, so replies visibly do not wait for it.
    "shadow-candidate": ollama("fake+latency=2000"),
    "marked-slow": openai("fake+prefer=marked+latency=150", { batch: "dimension", concurrency: 3 }),
  };
}
