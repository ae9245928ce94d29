/**
 * The judge profiles integration tests call by name (`"judge": "<name>"` in a request), all pointing at
 * the fake model server. The model name carries the fake's behaviour (scripts/fake-model/behaviour.ts),
 * so each profile is one kind of model: healthy, slow, flaky, broken. Retries wait no longer than the
 * fake's `retry-after=0` and the backoff, so fault tests stay fast.
 */
export function testJudgeProfiles(fakeModelUrl: string, juryModelUrls: string[] = [fakeModelUrl, fakeModelUrl, fakeModelUrl]): Record<string, Record<string, unknown>> {
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
    // Worst case (≈ $0.43 for a short content, retries and repairs counted) well under JUDGE_BUDGET_USD
    // (1), so a batch's budget is what limits it; a healthy judgment costs about 1% of that.
    penny: openai("fake+score=70", { price_in_per_mtok: 1, price_out_per_mtok: 2 }),
    // Budget attacks (test/integration/security): answers that always need a repair, billed at the
    // most a real endpoint could bill, or at ten times that.
    "costly-garbage": openai("fake+modes=garbage+usage=max", { price_in_per_mtok: 1, price_out_per_mtok: 2 }),
    "cheap-garbage": openai("fake+modes=garbage+usage=max", { price_in_per_mtok: 0.1, price_out_per_mtok: 0.2 }),
    overbilling: openai("fake+modes=garbage+usage=excess", { batch: "all", retries: 0, price_in_per_mtok: 1, price_out_per_mtok: 2 }),
    slow: openai("fake+latency=400"),
    // Priced and slow enough to crash mid-call (quota holds across a crash).
    "penny-slow": openai("fake+score=72+latency=800", { price_in_per_mtok: 1, price_out_per_mtok: 2 }),
    "slow-all": openai("fake+latency=300", { batch: "all" }),
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
    // Crash and resume: one call per dimension, two at a time, 300 ms each (about 5 s of scoring); each
    // its own endpoint, so its own gate.
    "resume-steps": openai("fake+latency=300", { batch: "dimension", concurrency: 2 }),
    "resume-gated": openai("fake+latency=300+score=61", { batch: "dimension", concurrency: 2 }),
    // Comparisons: a judge with pure position bias, and one that sees which content is better.
    "first-biased": openai("fake+prefer=first"),
    marked: ollama("fake+prefer=marked"),
    // The candidate of the workers-shadow project's JUDGE_SHADOW: slow, so replies visibly do not wait for it.
    "shadow-candidate": ollama("fake+latency=2000"),
    "marked-slow": openai("fake+prefer=marked+latency=150", { batch: "dimension", concurrency: 3 }),
    ...juryProfiles(juryModelUrls),
  };
}

/**
 * Jurors on three fake endpoints with planned scores on the `trio` test rubric (test/integration/jury),
 * and the panels made of them. The scores are chosen so each aggregate differs:
 *
 *   juror      CLARITY  RIGOR  NOVELTY
 *   juror-a       70      40      90
 *   juror-b       74      50      20
 *   juror-c       78      45      60
 */
export const JUROR_SCORES = {
  "juror-a": { CLARITY: 70, RIGOR: 40, NOVELTY: 90 },
  "juror-b": { CLARITY: 74, RIGOR: 50, NOVELTY: 20 },
  "juror-c": { CLARITY: 78, RIGOR: 45, NOVELTY: 60 },
} as const;

const planned = (scores: Record<string, number>) => `scores=${Object.entries(scores).map(([id, score]) => `${id}:${score}`).join(",")}`;

function juryProfiles([first, second, third]: string[]): Record<string, Record<string, unknown>> {
  const ollama = (url: string | undefined, model: string, extra: Record<string, unknown> = {}) => ({ provider: "ollama", base_url: url, model, ...extra });
  const openai = (url: string | undefined, model: string, extra: Record<string, unknown> = {}) => ({
    provider: "openai",
    base_url: `${url}/v1`,
    model: `${model}+auth=sk-test`,
    api_key: "sk-test",
    ...extra,
  });
  const down = { retries: 0, breaker_threshold: 1000 };
  const trio = ["juror-a", "juror-b", "juror-c"];
  return {
    "juror-a": ollama(first, `fake+${planned(JUROR_SCORES["juror-a"])}`),
    "juror-b": openai(second, `fake+${planned(JUROR_SCORES["juror-b"])}`),
    "juror-c": ollama(third, `fake+${planned(JUROR_SCORES["juror-c"])}`),
    "juror-down": openai(third, "fake+modes=500+retry-after=0", down),
    "juror-down-too": ollama(second, "fake+modes=500+retry-after=0", down),
    // One call per dimension, two at a time, 150 ms each: a panel slow enough to crash mid-way.
    "juror-slow-a": ollama(first, "fake+latency=150+score=60", { batch: "dimension", concurrency: 2 }),
    "juror-slow-b": openai(second, "fake+latency=150+score=70", { batch: "dimension", concurrency: 2 }),
    "juror-slow-c": ollama(third, "fake+latency=150+score=80", { batch: "dimension", concurrency: 2 }),
    "juror-priced": openai(third, "fake+score=80", { price_in_per_mtok: 1000, price_out_per_mtok: 2000 }),
    // juror-a's endpoint (provider, URL, model) under another name: the two share one gate.
    "juror-a-twin": ollama(first, `fake+${planned(JUROR_SCORES["juror-a"])}`),
    // Probability-weighted scoring through each wire format, and an endpoint that has no probabilities.
    "lp-openai": openai(first, `fake+${planned({ CLARITY: 70, RIGOR: 98, NOVELTY: 3 })}`, { scoring: "logprobs" }),
    "lp-ollama": ollama(second, `fake+${planned({ CLARITY: 70, RIGOR: 98, NOVELTY: 3 })}`, { scoring: "logprobs" }),
    "lp-none": openai(third, "fake+score=60+nologprobs", { scoring: "logprobs" }),
    "jury-median": { panel: trio },
    "jury-mean": { panel: trio, aggregate: "mean" },
    "jury-trimmed": { panel: trio, aggregate: "trimmed_mean" },
    "jury-weighted": { panel: trio, aggregate: "weighted", weights: { "juror-a": 2 } },
    "jury-one-down": { panel: ["juror-a", "juror-b", "juror-down"] },
    "jury-two-down": { panel: ["juror-a", "juror-down", "juror-down-too"] },
    "jury-slow": { panel: ["juror-slow-a", "juror-slow-b", "juror-slow-c"] },
    "jury-twins": { panel: ["juror-a", "juror-a-twin", "juror-b"] },
    "jury-priced": { panel: ["juror-a", "juror-priced", "priced"], quorum: 3 },
    // A panel whose worst case is a cent or so: a batch budget can hold it.
    "jury-penny": { panel: ["juror-a", "penny"] },
    "jury-lp": { panel: ["lp-openai", "lp-ollama", "lp-none"] },
    // Comparison panels: two jurors that see which content is marked better, one with pure position bias.
    "cmp-marked-a": ollama(first, "fake+prefer=marked"),
    "cmp-biased": openai(second, "fake+prefer=first"),
    "cmp-marked-c": ollama(third, "fake+prefer=marked"),
    "cmp-jury": { panel: ["cmp-marked-a", "cmp-biased", "cmp-marked-c"] },
    "cmp-jury-quorum": { panel: ["cmp-marked-a", "juror-down", "juror-down-too"] },
    "cmp-jury-slow": { panel: ["cmp-slow-a", "cmp-slow-b"] },
    "cmp-slow-a": ollama(first, "fake+prefer=marked+latency=150", { batch: "dimension", concurrency: 2 }),
    "cmp-slow-b": openai(second, "fake+prefer=marked+latency=150", { batch: "dimension", concurrency: 2 }),
    // A panel whose priced juror bills past any ceiling: the whole panel's budget stops it.
    "jury-overbilling": { panel: ["juror-a", "juror-b", "overbilling"], quorum: 3 },
  };
}
