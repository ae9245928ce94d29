import { streamUrl, watchCell, type CellOutcome, type StreamFrame } from "../../client/index.ts";
import { apiClient, socketProtocols } from "./api.ts";

/**
 * A cell's stream that outlives dropped sockets: after a close it reconnects with backoff, and the new
 * socket's snapshot tells where the judgment stands (its `done` count, or the finished judgment).
 */

export interface FollowHandlers {
  /** Every frame, each socket's snapshot first. */
  onFrame(frame: StreamFrame): void;
  /** The socket closed before the judgment ended; another is tried after `delayMs`. */
  onReconnecting?(attempt: number, delayMs: number): void;
}

export interface CellFollower {
  /** Settles when a frame ends the judgment. */
  ended: Promise<CellOutcome>;
  close(): void;
}

const MAX_DELAY_MS = 5_000;

/** What a frame says about the end of the judgment; a first snapshot's `failed` is an earlier attempt. */
function outcomeOf(frame: StreamFrame, firstSnapshot: boolean): CellOutcome | undefined {
  if (frame.type === "judgment.completed") return { status: "completed", judgment: frame.judgment };
  if (frame.type === "judgment.failed") return { status: "failed", error: frame.error };
  if (frame.type !== "snapshot") return undefined;
  if (frame.status === "completed" && frame.judgment) return { status: "completed", judgment: frame.judgment };
  if (frame.status === "failed" && !firstSnapshot) {
    return { status: "failed", error: frame.judgment?.error ?? { code: "failed", message: "the judgment failed" } };
  }
  return undefined;
}

/**
 * Opens the cell's stream and resolves once its first snapshot arrived, so a judgment submitted after
 * that cannot be missed. Rejects if that first socket cannot be opened (refused or unreachable).
 */
export async function followCell(cellId: string, handlers: FollowHandlers): Promise<CellFollower> {
  const url = streamUrl(apiClient(), cellId);
  let finished = false;
  let socket: WebSocket | undefined;
  let attempt = 0;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let resolveEnd: (outcome: CellOutcome) => void = () => undefined;
  const ended = new Promise<CellOutcome>((resolve) => {
    resolveEnd = resolve;
  });
  const close = () => {
    finished = true;
    clearTimeout(retry);
    socket?.close(1000, "done");
  };
  const open = (first: boolean) => {
    let snapshotSeen = false;
    return watchCell(url, {
      connect: (target) => {
        const opened = new WebSocket(target, socketProtocols());
        socket = opened;
        opened.addEventListener("close", () => {
          if (!first || snapshotSeen) reconnectLater();
        });
        return opened;
      },
      onFrame: (frame) => {
        if (frame.type === "snapshot") attempt = 0;
        handlers.onFrame(frame);
        const outcome = outcomeOf(frame, first && !snapshotSeen);
        if (frame.type === "snapshot") snapshotSeen = true;
        if (outcome && !finished) {
          resolveEnd(outcome);
          close();
        }
      },
    });
  };
  const reconnectLater = () => {
    if (finished) return;
    attempt += 1;
    const delayMs = Math.min(MAX_DELAY_MS, 250 * 2 ** attempt);
    handlers.onReconnecting?.(attempt, delayMs);
    retry = setTimeout(() => void open(false).catch(() => undefined), delayMs);
  };
  await open(true);
  return { ended, close };
}
