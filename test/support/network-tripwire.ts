/**
 * Preloaded (`node --import`) into a tool that must work offline: every outgoing connection or DNS
 * lookup is refused and appended to the file named by NETWORK_TRIPWIRE_LOG, so a test can assert the
 * tool reached for nothing (no telemetry, no update check, no remote rules).
 */
import dns from "node:dns";
import { appendFileSync } from "node:fs";
import net from "node:net";

const log = process.env.NETWORK_TRIPWIRE_LOG;

function trip(what: string): never {
  if (log) appendFileSync(log, `${what}\n`);
  throw new Error(`network access refused in this process: ${what}`);
}

function describe(args: unknown[]): string {
  // net.connect passes its normalized arguments as one array.
  const [first, second] = (Array.isArray(args[0]) ? args[0] : args) as [unknown, unknown];
  if (typeof first === "object" && first !== null) {
    const options = first as { host?: string; port?: number; path?: string };
    return options.path ?? `${options.host ?? "localhost"}:${options.port ?? ""}`;
  }
  return typeof first === "string" && Number.isNaN(Number(first)) ? first : `${String(second ?? "localhost")}:${String(first)}`;
}

net.Socket.prototype.connect = function connect(...args: unknown[]) {
  return trip(`connect ${describe(args)}`);
} as typeof net.Socket.prototype.connect;
dns.lookup = ((hostname: string) => trip(`dns ${hostname}`)) as unknown as typeof dns.lookup;
dns.promises.lookup = ((hostname: string) => trip(`dns ${hostname}`)) as unknown as typeof dns.promises.lookup;
