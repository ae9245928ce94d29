/**
 * The bench's model stub, run as a child process (model-stub.ts starts it): the project's fake model
 * server with a fixed latency (env STUB_LATENCY_MS) and deterministic scores. The parent asks over IPC
 * how many calls arrived, in total and per content marker, so it can check every cell was scored
 * exactly once.
 */
import { startFakeModelServer } from "../fake-model/server.ts";
import { markerIn } from "./markers.ts";

export interface CallCountRequest {
  type: "calls";
  id: number;
  /** Include the per-marker counts (large late in a run; the settle loop does not need them). */
  markers: boolean;
}

export interface CallCountReply {
  type: "calls";
  id: number;
  total: number;
  /** Calls answered with anything but 200 (the stub never fails on purpose, so these are aborts). */
  failed: number;
  byMarker: Record<string, number>;
}

const latencyMs = Number(process.env.STUB_LATENCY_MS ?? "100");
const fake = await startFakeModelServer({ latencyMs, port: 0 });

// Counted incrementally: the call log only grows, and a long run holds tens of thousands of calls.
const byMarker: Record<string, number> = {};
let counted = 0;
let failed = 0;

function countNewCalls(): void {
  for (; counted < fake.calls.length; counted++) {
    const call = fake.calls[counted]!;
    const key = markerIn(call.user);
    if (key !== null) byMarker[key] = (byMarker[key] ?? 0) + 1;
  }
  // Statuses settle after a call is logged, so failures are recounted over the whole log.
  failed = fake.calls.reduce((sum, call) => sum + (call.status === 200 ? 0 : 1), 0);
}

process.on("message", (message: CallCountRequest) => {
  if (message.type !== "calls") return;
  countNewCalls();
  const reply: CallCountReply = { type: "calls", id: message.id, total: fake.calls.length, failed, byMarker: message.markers ? byMarker : {} };
  process.send?.(reply);
});

process.once("SIGTERM", () => {
  void fake.close().then(() => process.exit(0));
});
process.once("disconnect", () => {
  void fake.close().then(() => process.exit(0));
});

console.log(`model stub listening on ${fake.url} (latency ${latencyMs} ms)`);
