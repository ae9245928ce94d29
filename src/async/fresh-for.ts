/**
 * A value computed at most once per `ttlMs` per key: callers within the window share the same promise,
 * including while it is still pending, so a flood of callers costs one computation per window. A
 * computation that fails is not kept.
 *
 * @example
 * const detail = freshFor((env: Env) => probeEverything(env));
 * await detail(env, 5_000); // probes; the next calls within 5 s reuse this reply
 */
export function freshFor<K extends object, T>(compute: (key: K) => Promise<T>): (key: K, ttlMs: number, now?: number) => Promise<T> {
  const entries = new WeakMap<K, { at: number; value: Promise<T> }>();
  return (key, ttlMs, now = Date.now()) => {
    const entry = entries.get(key);
    if (entry && now - entry.at < ttlMs) return entry.value;
    const value = compute(key);
    const fresh = { at: now, value };
    entries.set(key, fresh);
    value.catch(() => {
      if (entries.get(key) === fresh) entries.delete(key);
    });
    return value;
  };
}
