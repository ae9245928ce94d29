import { runDurableObjectAlarm } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { sha256Hex } from "../../../src/cells/identity.ts";
import { cellStub } from "../../../src/objects/cell.ts";
import { keyTenant } from "../../../src/security/tenant.ts";
import { quotaStub } from "../../../src/objects/quota.ts";
import { crashCell } from "../../support/workers/cell-storage.ts";
import { json, postJson, uniqueName } from "../../support/workers/http.ts";
import { QUOTA_KEYS, QUOTA_LIMITS } from "./keys.ts";

type Judgment = { cell_id: string; status: string; usage: { cost_usd: number } };

describe("a quota reservation across a crash", () => {
  it("is settled to the actual cost by the instance that ends the judgment", { timeout: 60_000 }, async () => {
    const headers = { authorization: `Bearer ${QUOTA_KEYS.crash}` };
    const tenant = keyTenant(await sha256Hex(QUOTA_KEYS.crash));
    const cellId = uniqueName("quota-crash");
    const content = `${cellId} content`;
    const accepted = await postJson("/v1/judgments", { cell_id: cellId, content, judge: "penny-slow" }, { ...headers, prefer: "respond-async" });
    expect(accepted.status, await accepted.clone().text()).toBe(202);
    // The worst case is reserved before the 202; the crash comes while the model calls are in flight.
    await accepted.arrayBuffer();
    await crashCell(cellId, tenant);
    // The heartbeat brings a fresh instance, which resumes the judgment (a stub to an aborted object stays broken).
    await runDurableObjectAlarm(cellStub(env, tenant, cellId));
    // Asked again, the request joins the resumed judgment and waits for it; it is not charged.
    const reply = await postJson("/v1/judgments", { cell_id: cellId, content, judge: "penny-slow" }, headers);
    const judgment = await json<Judgment>(reply);
    expect([reply.status, judgment.status]).toEqual([200, "completed"]);
    expect(judgment.usage.cost_usd).toBeGreaterThan(0);

    const stub = quotaStub(env, `key:${await sha256Hex(QUOTA_KEYS.crash)}`);
    const policy = { judgments_per_minute: 1_000, usd_per_day: QUOTA_LIMITS.crash.usd_per_day };
    const settled = QUOTA_LIMITS.crash.usd_per_day - judgment.usage.cost_usd;
    // Settling happens as the judgment ends, after the waiting reply: wait for it on the object itself.
    const standing = await vi.waitFor(async () => {
      const current = await stub.standing(policy);
      if (current.usdRemaining === null || current.usdRemaining < settled - 1e-6) throw new Error(`still held: ${current.usdRemaining}`);
      return current;
    });
    expect(standing.usdRemaining).toBeCloseTo(settled, 6);
  });
});
