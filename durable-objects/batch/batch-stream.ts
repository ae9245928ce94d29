import { PING, PONG, type BatchCounts, type BatchSnapshotFrame, type BatchStreamEvent, type BatchStreamFrame } from "../../src/schemas/stream.ts";
import { STREAM_PROTOCOL } from "../../src/security/api-keys.ts";

/**
 * The batch's live subscribers, on the WebSocket Hibernation API (like a cell's): the object may sleep
 * between alarms while sockets stay open, and pings are answered without waking it.
 */
export class BatchStream {
  readonly #ctx: DurableObjectState;
  readonly #nextSeq: () => number;
  readonly #currentSeq: () => number;

  constructor(ctx: DurableObjectState, seq: { current: () => number; next: () => number }) {
    this.#ctx = ctx;
    this.#nextSeq = seq.next;
    this.#currentSeq = seq.current;
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair(PING, PONG));
  }

  get listening(): boolean {
    return this.#ctx.getWebSockets().length > 0;
  }

  /** Accepts an upgrade; the first frame is a snapshot of the counters. */
  accept(batchId: string, counts: BatchCounts, protocols: string | null): Response {
    const { 0: client, 1: server } = new WebSocketPair();
    this.#ctx.acceptWebSocket(server);
    const frame: BatchSnapshotFrame = { type: "snapshot", batch_id: batchId, seq: this.#currentSeq(), at: new Date().toISOString(), ...counts };
    server.send(JSON.stringify(frame));
    const offered = (protocols ?? "").split(",").map((protocol) => protocol.trim());
    const headers: HeadersInit = offered.includes(STREAM_PROTOCOL) ? { "sec-websocket-protocol": STREAM_PROTOCOL } : {};
    return new Response(null, { status: 101, webSocket: client, headers });
  }

  /** Sends an event to every subscriber; nothing is numbered or serialized when nobody listens. */
  publish(batchId: string, event: BatchStreamEvent): void {
    const sockets = this.#ctx.getWebSockets();
    if (sockets.length === 0) return;
    const frame = { ...event, batch_id: batchId, seq: this.#nextSeq(), at: new Date().toISOString() } as BatchStreamFrame;
    const text = JSON.stringify(frame);
    for (const socket of sockets) {
      try {
        socket.send(text);
      } catch {
        // A failing socket must never disturb the batch; its close handler cleans it up.
      }
    }
  }

  onMessage(socket: WebSocket, message: string | ArrayBuffer): void {
    if (message === PING) return;
    try {
      socket.send(JSON.stringify({ type: "error", error: { code: "invalid_request", message: "only {\"type\":\"ping\"} is accepted" } }));
    } catch {
      // closing already
    }
  }

  onClose(socket: WebSocket, code: number, reason: string): void {
    try {
      socket.close(code === 1005 || code === 1006 ? 1000 : code, reason);
    } catch {
      // already closed
    }
  }
}
