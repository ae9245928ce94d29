import { createServer } from "node:net";

/** Resolves once `port` on `host` can be bound, rejects with a clear message when it is taken. */
export function assertPortFree(port: number, host = "127.0.0.1", what = "port"): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", (error: NodeJS.ErrnoException) => {
      reject(
        new Error(
          error.code === "EADDRINUSE"
            ? `${what} ${host}:${port} is already in use; stop what holds it or choose another port`
            : `${what} ${host}:${port} cannot be used: ${error.message}`,
        ),
      );
    });
    probe.listen(port, host, () => probe.close(() => resolve()));
  });
}

/** A port the OS reports free right now (for children that cannot listen on port 0 themselves). */
export function freePort(host = "127.0.0.1"): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, host, () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}
