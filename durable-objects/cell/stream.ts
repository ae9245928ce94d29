import { STREAM_PROTOCOL } from "../../src/security/api-keys.ts";
import { PING, PONG, type SnapshotFrame, type StreamEvent, type StreamFrame } from "../../src/schemas/stream.ts";

/** Allocates the cell's frame numbers; durable, so `seq` keeps increasing across restarts. */
export interface SeqCounter {
  current(): number;
  next(): number;
}

/**
 * The cell's live subscribers, on the WebSocket Hibernation API: the object may sleep while sockets stay
 * open, and pings are answered without waking it. A socket carries no state of its own: every
 * subscriber of a cell hears the same frames.
 */
export class CellStream {
  readonly #ctx: DurableObjectState;
  readonly #seq: SeqCounter;

  constructor(ctx: DurableObjectState, seq: SeqCounter) {
    this.#ctx = ctx;
    this.#seq = seq;
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair(PING, PONG));
  }

  /** Accepts an upgrade request; the first frame is the snapshot of what is already done. */
  accept(cellId: string, snapshot: Pick<SnapshotFrame, "status" | "done" | "total" | "judgment">, protocols?: string | null): Response {
    const { 0: client, 1: server } = new WebSocketPair();
    this.#ctx.acceptWebSocket(server);
    const frame: SnapshotFrame = {
      type: "snapshot",
      cell_id: cellId,
      seq: this.#seq.current(),
      at: new Date().toISOString(),
      ...snapshot,
    };
    server.send(JSON.stringify(frame));
    // A browser that offered subprotocols (to carry its key) drops the socket unless one is chosen.
    const offered = (protocols ?? "").split(",").map((protocol) => protocol.trim());
    const headers: HeadersInit = offered.includes(STREAM_PROTOCOL) ? { "sec-websocket-protocol": STREAM_PROTOCOL } : {};
    return new Response(null, { status: 101, webSocket: client, headers });
  }

  /** Whether anyone subscribes: an event costly to make (the finished judgment) is made only then. */
  listening(): boolean {
    return this.#ctx.getWebSockets().length > 0;
  }

  /** Sends an event to every subscriber; a numbered frame is only made when someone listens. */
  publish(cellId: string, event: StreamEvent): void {
    const sockets = this.#ctx.getWebSockets();
    if (sockets.length === 0) return;
    const frame = { ...event, cell_id: cellId, seq: this.#seq.next(), at: new Date().toISOString() } as StreamFrame;
    const text = JSON.stringify(frame);
    for (const socket of sockets) {
      try {
        socket.send(text);
      } catch {
        // A failing socket must never disturb the judgment; its close handler cleans it up.
      }
    }
  }

  /** Anything but the auto-answered ping is a protocol error from the client. */
  onMessage(socket: WebSocket, message: string | ArrayBuffer): void {
    const text = typeof message === "string" ? message : "";
    if (text === PING) return;
    try {
      socket.send(JSON.stringify({ type: "error", error: { code: "invalid_request", message: "only {\"type\":\"ping\"} is accepted" } }));
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
