/**
 * How an endpoint's permits are split over several gate objects (docs/scaling.md "Gate sharding"). Pure:
 * the same inputs give the same shard and the same limits in every isolate, with nothing to look up.
 *
 * - A holder (a cell id) always maps to one shard, by a stable hash, so its retries and its release
 *   reach the object that holds its grant.
 * - The endpoint's `concurrency` is split by floor with the remainder going to the first shards
 *   (10 over 4 → 3, 3, 2, 2): the shards' limits add up to exactly `concurrency`, never more.
 * - There are never more shards than permits, so no shard has a limit of 0 (a cell there could never
 *   run): 16 shards asked for an endpoint of concurrency 4 give 4 shards of 1.
 */

/** Shards actually used: the ones asked for, at most one per permit. */
export function effectiveShards(requested: number, concurrency: number): number {
  return Math.max(1, Math.min(Math.floor(requested), Math.floor(concurrency)));
}

/** The limit of shard `index` of `shards`: floor split, remainder to the first shards. */
export function shardLimit(concurrency: number, shards: number, index: number): number {
  const base = Math.floor(concurrency / shards);
  return base + (index < concurrency % shards ? 1 : 0);
}

/**
 * FNV-1a (32 bits) of a string's UTF-16 code units: cheap, stable across isolates and deploys, and
 * well spread for cell ids (which are already digests or caller-chosen names).
 */
export function stableHash(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** The shard of a holder among `shards`. */
export function shardOf(holder: string, shards: number): number {
  return shards <= 1 ? 0 : stableHash(holder) % shards;
}

/**
 * The object name of shard `index` of an endpoint. Shard 0 keeps the endpoint's own key, so an
 * unsharded deployment (one shard) keeps the gate object, and the breaker state, it always had.
 */
export function shardName(endpoint: string, index: number): string {
  return index === 0 ? endpoint : `${endpoint} #${index}`;
}
