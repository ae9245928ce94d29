import { inject } from "vitest";

type LibsqlAction = "stop" | "start" | "freeze" | "thaw";

/** Stops, starts, freezes (SIGSTOP) or thaws the libSQL server process; resolves once done. */
export async function libsql(action: LibsqlAction): Promise<void> {
  const reply = await fetch(`${inject("controlUrl")}/libsql/${action}`, { method: "POST" });
  const body = (await reply.json()) as { state?: string; error?: string };
  if (!reply.ok) throw new Error(`libsql ${action} failed: ${body.error}`);
}
