import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import worker from "../../../src/index.ts";

/**
 * The real Worker called with the test project's environment changed by `overrides` (a variable set,
 * or unset with `undefined`): a deployment configured otherwise. Each call with a new environment
 * object is a new configuration (parsed, cached and reported once per environment).
 */
export function envWith(overrides: Record<string, unknown>): Env {
  return { ...env, ...overrides } as Env;
}

/** Calls the Worker's fetch handler with `workerEnv`, as a client on the network would. */
export async function callWith(workerEnv: Env, path: string, init: RequestInit = {}): Promise<Response> {
  const ctx = createExecutionContext();
  const reply = await worker.fetch(new Request(`http://api.test${path}`, init) as Request<unknown, IncomingRequestCfProperties>, workerEnv, ctx);
  await waitOnExecutionContext(ctx);
  return reply;
}
