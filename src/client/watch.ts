import type { Judgment } from "../schemas/judgment.ts";
import type { SnapshotFrame, StreamFrame } from "../schemas/stream.ts";
import type { ApiClient } from "./api-client.ts";

/** How a cell's judgment ended, as its stream told it. */
export type CellOutcome =
  | { status: "completed"; judgment: Judgment }
  | { status: "failed"; error: { code: string; message: string } };

export interface WatchOptions {
  /** Called with every frame, the snapshot first. */
  onFrame?: (frame: StreamFrame) => void;
  /**
   * Opens the socket; default `new WebSocket(url)`. Node callers may add headers (an API key) here; a
   * Worker may upgrade through a fetch and `accept()` the reply's socket.
   */
  connect?: (url: string) => WebSocket | Promise<WebSocket>;
}

export interface CellWatch {
  /** The first frame: the cell's state when the socket opened. */
  snapshot: SnapshotFrame;
  /** Settles with the judgment's outcome; rejects if the socket closes first. */
  outcome: Promise<CellOutcome>;
  close(): void;
}

/**
 * The `ws:`/`wss:` URL of a cell's stream on the API the client calls.
 *
 * @example
 * streamUrl(createApiClient("http://127.0.0.1:8787"), "my-cell"); // "ws://127.0.0.1:8787/v1/cells/my-cell/stream"
 */
export function streamUrl(client: ApiClient, cellId: string): string {
  const url = client.v1.cells[":cell_id"].stream.$url({ param: { cell_id: cellId } });
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  return url.toString();
}

/** A stream frame, or undefined for anything else (a `pong`, a frame that is not JSON). */
function parseFrame(data: unknown): StreamFrame | undefined {
  try {
    const frame = JSON.parse(String(data)) as { type?: unknown };
    return typeof frame.type === "string" && frame.type !== "pong" ? (frame as StreamFrame) : undefined;
  } catch {
    return undefined;
  }
}

/** The outcome a frame announces, if it ends the judgment. */
function outcomeOf(frame: StreamFrame): CellOutcome | undefined {
  if (frame.type === "judgment.completed") return { status: "completed", judgment: frame.judgment };
  if (frame.type === "judgment.failed") return { status: "failed", error: frame.error };
  if (frame.type === "snapshot" && frame.status === "completed" && frame.judgment) {
    return { status: "completed", judgment: frame.judgment };
  }
  if (frame.type === "snapshot" && frame.status === "failed") {
    return { status: "failed", error: frame.judgment?.error ?? { code: "failed", message: "the last judgment of this cell failed" } };
  }
  return undefined;
}

/**
 * Opens a cell's stream and resolves once its snapshot arrived, so a judgment submitted after that
 * cannot be missed; `outcome` then settles when the judgment completes or fails.
 *
 * @example
 * const watch = await watchCell(streamUrl(api, "my-cell"), { onFrame: (frame) => console.log(frame.type) });
 * await api.v1.judgments.$post({ json: { cell_id: "my-cell", content: "..." } });
 * const outcome = await watch.outcome; // { status: "completed", judgment }
 * watch.close();
 */
export async function watchCell(url: string, options: WatchOptions = {}): Promise<CellWatch> {
  const socket = await (options.connect ?? ((target: string) => new WebSocket(target)))(url);
  let settle: { resolve: (outcome: CellOutcome) => void; reject: (error: Error) => void } | undefined;
  const outcome = new Promise<CellOutcome>((resolve, reject) => {
    settle = { resolve, reject };
  });
  // A watcher that never awaits `outcome` (it closed early) must not see an unhandled rejection.
  outcome.catch(() => undefined);
  const close = () => {
    try {
      socket.close(1000, "done");
    } catch {
      // already closed
    }
  };
  return new Promise<CellWatch>((resolveWatch, rejectWatch) => {
    let opened = false;
    socket.addEventListener("message", (event: MessageEvent) => {
      const frame = parseFrame(event.data);
      if (!frame) return;
      options.onFrame?.(frame);
      if (frame.type === "snapshot" && !opened) {
        opened = true;
        resolveWatch({ snapshot: frame, outcome, close });
      }
      const ended = outcomeOf(frame);
      if (ended) settle?.resolve(ended);
    });
    // A refused upgrade (401 without a key, 429) shows only as an error before any frame: no status is exposed.
    const lost = (why: string) => {
      const error = new Error(opened ? `the stream of ${url} ${why} before the judgment ended` : `could not open the stream ${url} (refused or unreachable)`);
      rejectWatch(error);
      settle?.reject(error);
    };
    socket.addEventListener("error", () => lost("failed"));
    socket.addEventListener("close", (event: CloseEvent) => lost(`closed (${event.code})`));
  });
}
