/** How often the parent is checked: a parent's death sends no signal to its children. */
const POLL_MS = 500;

/**
 * Calls `onGone` once when the process that started this one has exited (this process is then
 * re-parented, so `process.ppid` changes). The timer does not keep the process alive.
 *
 * @example
 * watchParent(() => void stack.stop().then(() => process.exit(0)));
 */
export function watchParent(onGone: () => void): { stop(): void } {
  const parentAtStart = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid === parentAtStart) return;
    clearInterval(timer);
    onGone();
  }, POLL_MS);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
