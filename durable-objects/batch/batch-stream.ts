import type { BatchCounts, BatchStreamEvent } from "../../src/schemas/stream.ts";
import { SocketHub, type SeqSource } from "../../src/streams/socket-hub.ts";

/**
 * The batch's live subscribers: the shared hibernating socket hub (src/streams/socket-hub.ts), with
 * frames naming the batch (`batch_id`). The object may sleep between alarms while sockets stay open,
 * and pings are answered without waking it.
 */
export class BatchStream {
  readonly #ctx: DurableObjectState;
  readonly #hub: SocketHub<BatchStreamEvent>;

  constructor(ctx: DurableObjectState, seq: SeqSource, maxSockets: () => number) {
    this.#ctx = ctx;
    this.#hub = new SocketHub(ctx, seq, { idField: "batch_id", maxSockets });
  }

  get listening(): boolean {
    return this.#ctx.getWebSockets().length > 0;
  }

  /** Accepts an upgrade; the first frame is a snapshot of the counters. */
  accept(batchId: string, counts: BatchCounts, protocols: string | null): Response {
    return this.#hub.accept(batchId, counts, protocols);
  }

  /** Sends an event to every subscriber; nothing is numbered or serialized when nobody listens. */
  publish(batchId: string, event: BatchStreamEvent): void {
    this.#hub.publish(batchId, event);
  }

  onMessage(socket: WebSocket, message: string | ArrayBuffer): void {
    this.#hub.onMessage(socket, message);
  }

  onClose(socket: WebSocket, code: number, reason: string): void {
    this.#hub.onClose(socket, code, reason);
  }
}
