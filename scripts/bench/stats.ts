/**
 * Pure statistics over the bench's samples: nearest-rank percentiles and the per-scenario summary that
 * every report line is made of. No clocks and no I/O here, so it is unit-tested exactly.
 */

/** One finished (or failed) request as the load generators record it. */
export interface Sample {
  /** Milliseconds from the moment the request was due (open loop) or sent (closed loop) to its end. */
  latencyMs: number;
  /** HTTP status, or 0 when the request never got one (network error, timeout). */
  status: number;
  /** When the request ended, in the generator's clock (ms); gives the achieved rate. */
  endedAt: number;
}

/** What every scenario reports, whatever generated its load. */
export interface LatencySummary {
  requests: number;
  /** Non-2xx replies plus requests that got no reply at all. */
  errors: number;
  achieved_rps: number;
  p50_ms: number;
  p95_ms: number;
  p99_ms: number;
  max_ms: number;
}

/**
 * The nearest-rank percentile of an ascending array (the smallest value with at least `p` % of the
 * values at or below it); 0 for an empty array.
 *
 * @example
 * percentile([10, 20, 30, 40], 50); // 20
 * percentile([10, 20, 30, 40], 99); // 40
 */
export function percentile(ascending: readonly number[], p: number): number {
  if (ascending.length === 0) return 0;
  if (p <= 0) return ascending[0]!;
  const rank = Math.ceil((p / 100) * ascending.length);
  return ascending[Math.min(rank, ascending.length) - 1]!;
}

export const isSuccess = (status: number): boolean => status >= 200 && status < 300;

/** Rounds to one decimal: the report's resolution (timers are not more precise than that). */
export const round1 = (value: number): number => Math.round(value * 10) / 10;

/**
 * Successful replies per second while replies were coming: successes over the span from the first
 * reply to the last. A server that keeps up spans the schedule and achieves the offered rate; one that
 * falls behind stretches the span (its backlog drains late) and achieves less, whatever was offered.
 *
 * @example
 * achievedRps([{ latencyMs: 5, status: 200, endedAt: 1000 }, { latencyMs: 5, status: 200, endedAt: 1500 }]); // 2
 */
export function achievedRps(samples: readonly Sample[]): number {
  if (samples.length < 2) return 0;
  let first = Infinity;
  let last = -Infinity;
  let successes = 0;
  for (const sample of samples) {
    first = Math.min(first, sample.endedAt);
    last = Math.max(last, sample.endedAt);
    if (isSuccess(sample.status)) successes += 1;
  }
  // n replies spread over a span delimit n - 1 intervals.
  return last > first ? round1((Math.max(successes, 1) - 1) / ((last - first) / 1000)) : 0;
}

/**
 * Summarizes a scenario's samples. Latency percentiles cover every request, failed ones included (a
 * timeout is the slowest kind of answer).
 *
 * @example
 * summarize([{ latencyMs: 12, status: 200, endedAt: 1012 }, { latencyMs: 20, status: 503, endedAt: 1100 }]);
 * // { requests: 2, errors: 1, achieved_rps: 0, p50_ms: 12, p95_ms: 20, p99_ms: 20, max_ms: 20 }
 */
export function summarize(samples: readonly Sample[]): LatencySummary {
  const latencies = samples.map((sample) => sample.latencyMs).sort((a, b) => a - b);
  const successes = samples.filter((sample) => isSuccess(sample.status)).length;
  return {
    requests: samples.length,
    errors: samples.length - successes,
    achieved_rps: achievedRps(samples),
    p50_ms: round1(percentile(latencies, 50)),
    p95_ms: round1(percentile(latencies, 95)),
    p99_ms: round1(percentile(latencies, 99)),
    max_ms: round1(latencies.at(-1) ?? 0),
  };
}

/**
 * Counts replies by status for the report's error breakdown (`0` = no reply).
 *
 * @example
 * statusCounts([{ status: 200 }, { status: 200 }, { status: 0 }]); // { "0": 1, "200": 2 }
 */
export function statusCounts(samples: readonly Pick<Sample, "status">[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const { status } of samples) counts[status] = (counts[status] ?? 0) + 1;
  return counts;
}
