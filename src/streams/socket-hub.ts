import { STREAM_PROTOCOL } from "../security/api-keys.ts";
import { PING, PONG } from "../schemas/stream.ts";

/**
 * A Durable Object's live subscribers on the WebSocket Hibernation API, for any frame type: the object
 * may sleep while sockets stay open, pings are answered without waking it, and `seq` comes from the
 * object's durable counter so it keeps increasing across restarts.
 * https://developers.cloudflare.com/durable-objects/best-practices/websockets/
 */

export interface SeqSource {
  current(): number;
  next(): number;
}

export class SocketHub<Event extends { type: string }> {
  readonly #ctx: DurableObjectState;
  readonly #seq: SeqSource;
  /** The frame field naming what the stream is about: `cell_id` (cells, comparisons) or `batch_id`. */
  readonly #idField: string;

  constructor(ctx: DurableObjectState, seq: SeqSource, options: { idField?: "cell_id" | "batch_id" } = {}) {
    this.#ctx = ctx;
    this.#seq = seq;
    this.#idField = options.idField ?? "cell_id";
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair(PING, PONG));
  }

  /** Accepts an upgrade; the first frame is the snapshot of what is already done. */
  accept(cellId: string, snapshot: object, protocols?: string | null): Response {
    const { 0: client, 1: server } = new WebSocketPair();
    this.#ctx.acceptWebSocket(server);
    server.send(JSON.stringify({ type: "snapshot", [this.#idField]: cellId, seq: this.#seq.current(), at: new Date().toISOString(), ...snapshot }));
    // A browser that offered subprotocols (to carry its key) drops the socket unless one is chosen.
    const offered = (protocols ?? "").split(",").map((protocol) => protocol.trim());
    const headers: HeadersInit = offered.includes(STREAM_PROTOCOL) ? { "sec-websocket-protocol": STREAM_PROTOCOL } : {};
    return new Response(null, { status: 101, webSocket: client, headers });
  }

  /** Sends an event to every subscriber; no frame number is used when nobody listens. */
  publish(cellId: string, event: Event): void {
    const sockets = this.#ctx.getWebSockets();
    if (sockets.length === 0) return;
    const text = JSON.stringify({ ...event, [this.#idField]: cellId, seq: this.#seq.next(), at: new Date().toISOString() });
    for (const socket of sockets) {
      try {
        socket.send(text);
      } catch {
        // A failing socket must never disturb the work; its close handler cleans it up.
      }
    }
  }

  /** Anything but the auto-answered ping is a protocol error from the client. */
  onMessage(socket: WebSocket, message: string | ArrayBuffer): void {
    if (message === PING) return;
    try {
      socket.send(JSON.stringify({ type: "error", error: { code: "invalid_request", message: 'only {"type":"ping"} is accepted' } }));
    } catch {
      // closing already
    }
  }

  onClose(socket: WebSocket, code: number, reason: string): void {
    try {
      // 1005/1006 are reserved and may not be sent back.
      socket.close(code === 1005 || code === 1006 ? 1000 : code, reason);
    } catch {
      // already closed
    }
  }
}
