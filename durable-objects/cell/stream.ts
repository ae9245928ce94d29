import type { SnapshotFrame, StreamEvent } from "../../src/schemas/stream.ts";
import { SocketHub, type SeqSource } from "../../src/streams/socket-hub.ts";

/** Allocates the cell's frame numbers; durable, so `seq` keeps increasing across restarts. */
export type SeqCounter = SeqSource;

/**
 * The cell's live subscribers: the shared hibernating socket hub (src/streams/socket-hub.ts) with the
 * cell's frame types. A socket carries no state of its own: every subscriber of a cell hears the same
 * frames.
 */
export class CellStream {
  readonly #hub: SocketHub<StreamEvent>;

  constructor(ctx: DurableObjectState, seq: SeqCounter, maxSockets: () => number) {
    this.#hub = new SocketHub(ctx, seq, { maxSockets });
  }

  /** Accepts an upgrade request; the first frame is the snapshot of what is already done. */
  accept(cellId: string, snapshot: Pick<SnapshotFrame, "status" | "done" | "total" | "judgment">, protocols?: string | null): Response {
    return this.#hub.accept(cellId, snapshot, protocols);
  }

  /** Whether anyone subscribes: an event costly to make (the finished judgment) is made only then. */
  listening(): boolean {
    return this.#hub.listening();
  }

  /** Sends an event to every subscriber; a numbered frame is only made when someone listens. */
  publish(cellId: string, event: StreamEvent): void {
    this.#hub.publish(cellId, event);
  }

  /** Sends a batch's events in order, the sockets listed once (src/streams/socket-hub.ts). */
  publishAll(cellId: string, events: readonly StreamEvent[]): void {
    this.#hub.publishAll(cellId, events);
  }

  onMessage(socket: WebSocket, message: string | ArrayBuffer): void {
    this.#hub.onMessage(socket, message);
  }

  onClose(socket: WebSocket, code: number, reason: string): void {
    this.#hub.onClose(socket, code, reason);
  }
}
