import { describe, expect, it } from "vitest";
import { PermitPool } from "../../durable-objects/gate/permit-pool.ts";

describe("PermitPool", () => {
  it("grants what is free, at least one permit, and queues the rest in order", async () => {
    const pool = new PermitPool({ limit: 4, maxQueue: 2 });
    const a = await pool.acquire(3, 1_000, 0)!.promise;
    const b = await pool.acquire(5, 1_000, 0)!.promise;
    expect([a.permits, b.permits, pool.inUse]).toEqual([3, 1, 4]);
    expect([pool.permitsOf(a.id), pool.permitsOf(b.id), pool.permitsOf("unknown")]).toEqual([3, 1, 0]);
    const c = pool.acquire(2, 1_000, 0)!;
    const d = pool.acquire(1, 1_000, 0)!;
    expect(pool.acquire(1, 1_000, 0)).toBeNull();
    expect(pool.queued).toBe(2);
    pool.release(a.id, 10);
    expect(await c.promise).toMatchObject({ permits: 2 });
    expect(await d.promise).toMatchObject({ permits: 1 });
    expect(pool.inUse).toBe(4);
  });

  it("lets a waiter withdraw, and ignores releases of unknown grants", async () => {
    const pool = new PermitPool({ limit: 1, maxQueue: 5 });
    const held = await pool.acquire(1, 1_000, 0)!.promise;
    const waiting = pool.acquire(1, 1_000, 0)!;
    expect(waiting.cancel()).toBe(true);
    expect(waiting.cancel()).toBe(false);
    pool.release("nope", 0);
    pool.release(held.id, 0);
    pool.release(held.id, 0);
    expect([pool.inUse, pool.queued]).toEqual([0, 0]);
  });

  it("reclaims grants whose lease ran out and serves waiters with them", async () => {
    const pool = new PermitPool({ limit: 2, maxQueue: 5 });
    await pool.acquire(2, 100, 0)!.promise;
    const waiting = pool.acquire(1, 100, 50)!;
    pool.reclaimExpired(100);
    expect(await waiting.promise).toMatchObject({ permits: 1, expiresAt: 200 });
    expect(pool.inUse).toBe(1);
  });
});
