import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { sha256Hex } from "../../../src/cells/identity.ts";
import { holdOwnerStub, quotaStub, type HoldOwner } from "../../../src/objects/quota.ts";
import type { LedgerState } from "../../../src/quotas/ledger.ts";
import { keyTenant, tenantObjectName } from "../../../src/security/tenant.ts";
import { json, postJson, uniqueName } from "../../support/workers/http.ts";
import { QUOTA_KEYS, QUOTA_LIMITS } from "./keys.ts";

/**
 * Runs in the `workers-quotas` project. A reservation whose owner died before settling it is settled
 * by the quota object's alarm, which asks the owner (durable-objects/quota/quota.ts). The states a
 * crash leaves are seeded as storage would hold them, and the clock is moved by making every open
 * reservation due: no test waits ten minutes.
 */
const policy = { judgments_per_minute: null, usd_per_day: QUOTA_LIMITS.holds.usd_per_day };
const keyName = async () => `key:${await sha256Hex(QUOTA_KEYS.holds)}`;
const remaining = async () => (await quotaStub(env, await keyName()).standing(policy)).usdRemaining!;

/** What a holder stores and reserves (src/quotas/quota-holds.ts), left as an instance that died before settling leaves it. */
async function seedHold(owner: HoldOwner, id: string, worstCaseUsd: number): Promise<void> {
  const key = await keyName();
  await runInDurableObject(holdOwnerStub(env, owner), (_, state) => state.storage.put(`quota_hold:${id}`, { key, spentBeforeUsd: 0 }));
  const reservation = await quotaStub(env, key).reserve(policy, worstCaseUsd, id, owner);
  expect(reservation.ok).toBe(true);
  // The instance that took it dies: the next one finds only what is stored.
  await runInDurableObject(holdOwnerStub(env, owner), (_, state) => state.abort("simulated crash")).catch(() => undefined);
}

/** Moves the key's open reservations past their check, then drops the object's memory of them (a fresh instance reads storage). */
async function makeDue(): Promise<void> {
  const key = await keyName();
  await runInDurableObject(quotaStub(env, key), (_, state) => {
    const ledger = JSON.parse(state.storage.sql.exec<{ state: string }>("SELECT state FROM ledger").one().state) as LedgerState;
    for (const reservation of Object.values(ledger.reservations)) reservation.checkAt = Date.now() - 1;
    state.storage.sql.exec("UPDATE ledger SET state = ?", JSON.stringify(ledger));
  });
  await runInDurableObject(quotaStub(env, key), (_, state) => state.abort("reload the ledger")).catch(() => undefined);
}

const storedHolds = (owner: HoldOwner) => runInDurableObject(holdOwnerStub(env, owner), async (_, state) => [...(await state.storage.list({ prefix: "quota_hold:" })).keys()]);

describe("a quota reservation whose owner died before settling it", () => {
  it("is released at its check when the cell or comparison never created its run", { timeout: 60_000 }, async () => {
    const tenant = keyTenant(await sha256Hex(QUOTA_KEYS.holds));
    const before = await remaining();
    const owners: HoldOwner[] = [
      { kind: "cell", name: tenantObjectName(tenant, uniqueName("never-created")) },
      { kind: "comparison", name: tenantObjectName(tenant, uniqueName("never-compared")) },
    ];
    await seedHold(owners[0]!, `q_${crypto.randomUUID()}`, 1);
    await seedHold(owners[1]!, `q_${crypto.randomUUID()}`, 0.5);
    expect(await remaining()).toBeCloseTo(before - 1.5, 6);

    await makeDue();
    expect(await runDurableObjectAlarm(quotaStub(env, await keyName()))).toBe(true);
    expect(await remaining()).toBeCloseTo(before, 6);
    for (const owner of owners) expect(await storedHolds(owner)).toEqual([]);
    // Nothing is left to ask about: no alarm stays armed.
    expect(await runInDurableObject(quotaStub(env, await keyName()), (_, state) => state.storage.getAlarm())).toBeNull();
  });

  it("is settled at its check to what the ended judgment cost, not its worst case", { timeout: 60_000 }, async () => {
    const tenant = keyTenant(await sha256Hex(QUOTA_KEYS.holds));
    const headers = { authorization: `Bearer ${QUOTA_KEYS.holds}` };
    const before = await remaining();
    const cellId = uniqueName("ended");
    const reply = await postJson("/v1/judgments", { cell_id: cellId, content: `${cellId} content`, judge: "penny" }, headers);
    const judgment = await json<{ status: string; usage: { cost_usd: number } }>(reply);
    expect([reply.status, judgment.status]).toEqual([200, "completed"]);
    const cost = judgment.usage.cost_usd;
    expect(cost).toBeGreaterThan(0);
    // The judgment's own hold is settled just after the reply; wait for it on the object itself.
    await expect.poll(remaining, { timeout: 30_000, interval: 50 }).toBeCloseTo(before - cost, 6);

    // A second hold on the same judgment, as an instance that died before settling it would leave it.
    const owner: HoldOwner = { kind: "cell", name: tenantObjectName(tenant, cellId) };
    await seedHold(owner, `q_${crypto.randomUUID()}`, 2);
    expect(await remaining()).toBeCloseTo(before - cost - 2, 6);
    await makeDue();
    expect(await runDurableObjectAlarm(quotaStub(env, await keyName()))).toBe(true);
    expect(await remaining()).toBeCloseTo(before - cost - cost, 6);
    expect(await storedHolds(owner)).toEqual([]);
    // The judgment itself is untouched: asked again, it is a read.
    const again = await json<{ cached: boolean }>(await postJson("/v1/judgments", { cell_id: cellId, content: `${cellId} content`, judge: "penny" }, headers));
    expect(again.cached).toBe(true);
  });
});
