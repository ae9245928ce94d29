/**
 * Resolves with what `work` resolves to, or with null once `ms` have passed, whichever is first; the
 * timer is cleared either way, so nothing keeps the object awake after the race.
 *
 * @example
 * const grant = await waitAtMost(pending.promise, 1_000); // null: no grant within a second
 */
export async function waitAtMost<T>(work: Promise<T>, ms: number): Promise<T | null> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(resolve, Math.max(0, ms), null);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
