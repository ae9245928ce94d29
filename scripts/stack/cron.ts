/**
 * `wrangler dev` does not fire cron triggers by itself (it only offers a URL to fire them), so the
 * local stack fires the Worker's `scheduled` handler on the schedule of wrangler.toml (every minute),
 * as Cloudflare does in production: reconciliation then runs locally too.
 *
 * @example
 * const cron = startCron("http://127.0.0.1:8787", 60_000);
 * cron.stop();
 */
export function startCron(apiUrl: string, everyMs = 60_000, log: (line: string) => void = () => undefined): { stop(): void } {
  const tick = async () => {
    try {
      const reply = await fetch(`${apiUrl}/cdn-cgi/handler/scheduled?cron=${encodeURIComponent("* * * * *")}`, {
        signal: AbortSignal.timeout(everyMs),
      });
      await reply.arrayBuffer();
      if (!reply.ok) log(`cron: the scheduled handler answered ${reply.status}`);
    } catch (error) {
      log(`cron: could not reach the scheduled handler (${(error as Error).message})`);
    }
  };
  const timer = setInterval(() => void tick(), everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
