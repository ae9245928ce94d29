import { call } from "./http.ts";

export interface Subscription {
  socket: WebSocket;
  /** Frames received so far, parsed. */
  frames: Record<string, unknown>[];
  /**
   * Resolves with the frames once one matches `predicate` (already received or still to come); with
   * `deadline`, rejects naming `deadline.what` when none has come within `deadline.ms`.
   */
  until(predicate: (frame: Record<string, unknown>) => boolean, deadline?: { what: string; ms: number }): Promise<Record<string, unknown>[]>;
  close(): void;
}

/** Opens a real WebSocket to a cell's stream (or another stream path) through the Worker, with `headers` (a key). */
export async function subscribe(cellId: string, path = `/v1/cells/${cellId}/stream`, headers: Record<string, string> = {}): Promise<Subscription> {
  const reply = await call(path, { headers: { upgrade: "websocket", ...headers } });
  const socket = reply.webSocket;
  if (reply.status !== 101 || !socket) throw new Error(`expected 101 with a WebSocket, got ${reply.status}`);
  socket.accept();
  const frames: Record<string, unknown>[] = [];
  const waiters: { predicate: (frame: Record<string, unknown>) => boolean; resolve: () => void }[] = [];
  socket.addEventListener("message", (event) => {
    const frame = JSON.parse(String(event.data)) as Record<string, unknown>;
    frames.push(frame);
    for (const waiter of waiters.filter((w) => w.predicate(frame))) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
  });
  return {
    socket,
    frames,
    until(predicate, deadline) {
      if (frames.some(predicate)) return Promise.resolve(frames);
      return new Promise((resolve, reject) => {
        const timer = deadline && setTimeout(() => reject(new Error(`${path}: no ${deadline.what} within ${deadline.ms} ms`)), deadline.ms);
        waiters.push({ predicate, resolve: () => (clearTimeout(timer), resolve(frames)) });
      });
    },
    close() {
      try {
        socket.close(1000, "done");
      } catch {
        // already closed
      }
    },
  };
}

/** Opens a real WebSocket to any stream route (a batch's, a comparison's) through the Worker. */
export function subscribeTo(path: string): Promise<Subscription> {
  return subscribe("", path);
}
