import type { GateHolder } from "../../src/objects/gate.ts";

/**
 * Who holds a gate's grants: each holder (a cell) by its live incarnation (the instance of its Durable
 * Object now running). An object has one live instance, so when a holder asks (or says it resumed)
 * under a new incarnation, the grants of its older ones were left by an instance that is gone and can
 * come back at once; their lease is only the fallback. One incarnation may hold several grants at once
 * (calls to the same endpoint for different parts of one judgment). Pure bookkeeping, no I/O.
 */

export class GrantHolders {
  readonly #byHolder = new Map<string, { incarnation: string; grants: Set<string> }>();
  readonly #holderOf = new Map<string, string>();

  /**
   * `who` is the holder's live incarnation: returns the grants of its other incarnations, which it
   * forgets (the caller releases them).
   */
  supersede(who: GateHolder): string[] {
    const held = this.#byHolder.get(who.holder);
    if (held?.incarnation === who.incarnation) return [];
    const orphans = held ? [...held.grants] : [];
    for (const grantId of orphans) this.#holderOf.delete(grantId);
    this.#byHolder.set(who.holder, { incarnation: who.incarnation, grants: new Set() });
    return orphans;
  }

  /**
   * Records a grant made to `who`; false when a newer incarnation of the holder has asked since `who`
   * did (`who` is gone): the caller hands the grant straight back.
   */
  add(who: GateHolder, grantId: string): boolean {
    const held = this.#byHolder.get(who.holder) ?? { incarnation: who.incarnation, grants: new Set<string>() };
    if (held.incarnation !== who.incarnation) return false;
    held.grants.add(grantId);
    this.#byHolder.set(who.holder, held);
    this.#holderOf.set(grantId, who.holder);
    return true;
  }

  /** A grant came back (released, or handed back): the holder no longer holds it. */
  remove(grantId: string): void {
    const holder = this.#holderOf.get(grantId);
    this.#holderOf.delete(grantId);
    if (holder !== undefined) this.#byHolder.get(holder)?.grants.delete(grantId);
    this.#prune(holder);
  }

  /** Forgets a holder that holds nothing (after a refused request), so the map does not grow per cell. */
  #prune(holder: string | undefined): void {
    if (holder !== undefined && this.#byHolder.get(holder)?.grants.size === 0) this.#byHolder.delete(holder);
  }

  /** Called when a request of `who` ends without a grant. */
  settleRefused(who: GateHolder): void {
    if (this.#byHolder.get(who.holder)?.incarnation === who.incarnation) this.#prune(who.holder);
  }

  /** Grants held, for status and tests. */
  get size(): number {
    return this.#holderOf.size;
  }
}
