/**
 * A discrete-event model of one model endpoint's gate (durable-objects/gate/) under load, split over
 * N shards: pure (simulated time, a seeded random source), so it says what the design does at rates
 * no machine here can offer. Each gate object is a single-threaded server: every request (acquire,
 * release) costs it `cpuMsPerRequest` of its one thread, in arrival order; a request finding
 * `objectQueueLimit` requests ahead of it is refused, as a Durable Object refuses work past its queue.
 * A judgment asks its cell's shard (random per judgment, as a hash of fresh ids is) for `calls` permits,
 * runs its calls in as many lanes as it got, each `modelLatencyMs`, then releases.
 *
 * What it leaves out: the Worker and the cells (they scale with ids), network latency between objects
 * (adds to latency, not to the gate's CPU), the breaker (faults are rare on the hot path).
 */
import { seededRandom } from "../../src/evaluation/bootstrap.ts";

// The simulation draws from the same seeded generator as the evaluation bootstrap.
export { seededRandom };

export interface SimulationOptions {
  /** New judgments per second offered to the endpoint (evenly spaced with random jitter). */
  rate: number;
  shards: number;
  /** The endpoint's concurrency limit, split over the shards as the gate splits it. */
  concurrency: number;
  /** Model calls per judgment (the default rubric, axiom batching: 5). */
  calls: number;
  modelLatencyMs: number;
  /** A gate object's CPU per request: ~1 ms, so ~1,000 requests/s, ~2 ms per acquire + release. */
  cpuMsPerRequest: number;
  /** Requests waiting at one object past which it refuses more (overloaded). */
  objectQueueLimit: number;
  /** How long a judgment waits in a shard's permit queue before `overloaded` (`timeout_ms`). */
  permitWaitMs: number;
  /** Simulated seconds of arrivals; the first second is warm-up and not counted. */
  durationS: number;
  seed: number;
}

export const DEFAULT_SIMULATION: Omit<SimulationOptions, "rate" | "shards"> = {
  concurrency: 100_000,
  calls: 5,
  modelLatencyMs: 100,
  cpuMsPerRequest: 1,
  objectQueueLimit: 1_000,
  permitWaitMs: 30_000,
  durationS: 5,
  seed: 1,
};

export interface SimulationResult {
  rate: number;
  shards: number;
  /** Judgments that got permits and finished within the measured window, per second of it. */
  judgedPerS: number;
  /** Judgments refused: an object's queue full, or no permit within `permitWaitMs`. */
  refused: number;
  /** Releases an object refused (queue full): their permits stay lost until their lease runs out. */
  releasesRefused: number;
  offered: number;
  /** Time from a judgment's arrival to its grant (object queue + permit queue), ms. */
  admitP50Ms: number;
  admitP99Ms: number;
  /** The busiest shard object's share of its thread over the measured window (1 = saturated). */
  busiestObjectLoad: number;
  /** The most permits held at once across all shards: never above the endpoint's concurrency. */
  maxInFlight: number;
  /** Requests to gate objects per judged judgment (acquire + release = 2). */
  gateRequestsPerJudgment: number;
}


/** A binary min-heap of timed events, ties in insertion order. */
class EventQueue {
  readonly #heap: { at: number; seq: number; run: () => void }[] = [];
  #seq = 0;

  push(at: number, run: () => void): void {
    const heap = this.#heap;
    heap.push({ at, seq: this.#seq++, run });
    for (let i = heap.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (!this.#less(i, parent)) break;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  }

  pop(): { at: number; run: () => void } | undefined {
    const heap = this.#heap;
    const top = heap[0];
    const last = heap.pop();
    if (heap.length > 0 && last) {
      heap[0] = last;
      for (let i = 0; ; ) {
        const left = 2 * i + 1;
        const right = left + 1;
        let least = i;
        if (left < heap.length && this.#less(left, least)) least = left;
        if (right < heap.length && this.#less(right, least)) least = right;
        if (least === i) break;
        [heap[i], heap[least]] = [heap[least]!, heap[i]!];
        i = least;
      }
    }
    return top;
  }

  #less(a: number, b: number): boolean {
    const x = this.#heap[a]!;
    const y = this.#heap[b]!;
    return x.at < y.at || (x.at === y.at && x.seq < y.seq);
  }
}

interface Shard {
  limit: number;
  inUse: number;
  /** When the object's thread is next free. */
  freeAt: number;
  /** Requests accepted but not yet served (for the queue limit). */
  backlog: number;
  busyMs: number;
  waiting: { arrivedAt: number; grant: (permits: number) => void; expired: boolean }[];
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/**
 * Runs the model once.
 *
 * @example
 * simulateGates({ ...DEFAULT_SIMULATION, rate: 1_000, shards: 4 }).judgedPerS; // ≈ 1,000
 */
export function simulateGates(options: SimulationOptions): SimulationResult {
  const random = seededRandom(options.seed);
  const events = new EventQueue();
  const shardCount = Math.max(1, Math.min(options.shards, options.concurrency));
  const base = Math.floor(options.concurrency / shardCount);
  const shards: Shard[] = Array.from({ length: shardCount }, (_, i) => ({
    limit: base + (i < options.concurrency % shardCount ? 1 : 0),
    inUse: 0,
    freeAt: 0,
    backlog: 0,
    busyMs: 0,
    waiting: [],
  }));
  const warmUpMs = 1_000;
  const endMs = options.durationS * 1_000;
  let judged = 0;
  let refused = 0;
  let releasesRefused = 0;
  let offered = 0;
  const admitWaits: number[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const take = (shard: Shard, permits: number) => {
    shard.inUse += permits;
    inFlight += permits;
    maxInFlight = Math.max(maxInFlight, inFlight);
  };

  /** Serves one request on a shard's thread; false if its queue is full. */
  const request = (shard: Shard, now: number, served: (at: number) => void): boolean => {
    if (shard.backlog >= options.objectQueueLimit) return false;
    shard.backlog += 1;
    const start = Math.max(now, shard.freeAt);
    shard.freeAt = start + options.cpuMsPerRequest;
    if (start >= warmUpMs && start < endMs) shard.busyMs += options.cpuMsPerRequest;
    events.push(shard.freeAt, () => {
      shard.backlog -= 1;
      served(shard.freeAt);
    });
    return true;
  };

  const serveWaiters = (shard: Shard) => {
    while (shard.waiting.length > 0 && shard.inUse < shard.limit) {
      const waiter = shard.waiting.shift()!;
      if (waiter.expired) continue;
      const permits = Math.min(options.calls, shard.limit - shard.inUse);
      take(shard, permits);
      waiter.grant(permits);
    }
  };

  const judge = (arrivedAt: number) => {
    const counted = arrivedAt >= warmUpMs && arrivedAt < endMs;
    if (counted) offered += 1;
    const shard = shards[Math.floor(random() * shards.length)]!;
    const accepted = request(shard, arrivedAt, (at) => {
      const run = (permits: number, grantedAt: number) => {
        if (counted) admitWaits.push(grantedAt - arrivedAt);
        const doneAt = grantedAt + Math.ceil(options.calls / permits) * options.modelLatencyMs;
        events.push(doneAt, () => {
          if (doneAt >= warmUpMs && doneAt < endMs) judged += 1;
          // A release the object refuses leaves its permits held until their lease runs out, past
          // the simulated window: capacity lost, as in the gate.
          const released = request(shard, doneAt, () => {
            shard.inUse -= permits;
            inFlight -= permits;
            serveWaiters(shard);
          });
          if (!released && doneAt >= warmUpMs && doneAt < endMs) releasesRefused += 1;
        });
      };
      if (shard.inUse < shard.limit && shard.waiting.length === 0) {
        const permits = Math.min(options.calls, shard.limit - shard.inUse);
        take(shard, permits);
        run(permits, at);
        return;
      }
      const waiter = { arrivedAt, expired: false, grant: (permits: number) => run(permits, currentTime) };
      shard.waiting.push(waiter);
      events.push(at + options.permitWaitMs, () => {
        if (!shard.waiting.includes(waiter)) return;
        waiter.expired = true;
        if (counted) refused += 1;
      });
    });
    if (!accepted && counted) refused += 1;
  };

  const interval = 1_000 / options.rate;
  for (let at = 0; at < endMs; at += interval) {
    const arrival = at + random() * interval;
    events.push(arrival, () => judge(arrival));
  }
  let currentTime = 0;
  const stopAt = endMs + options.permitWaitMs + 60_000;
  for (let event = events.pop(); event && event.at <= stopAt; event = events.pop()) {
    currentTime = event.at;
    event.run();
  }
  const windowS = (endMs - warmUpMs) / 1_000;
  admitWaits.sort((a, b) => a - b);
  return {
    rate: options.rate,
    shards: shardCount,
    judgedPerS: judged / windowS,
    refused,
    releasesRefused,
    offered,
    admitP50Ms: percentile(admitWaits, 50),
    admitP99Ms: percentile(admitWaits, 99),
    busiestObjectLoad: Math.max(...shards.map((shard) => shard.busyMs)) / (endMs - warmUpMs),
    maxInFlight,
    gateRequestsPerJudgment: 2,
  };
}
