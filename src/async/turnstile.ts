/**
 * One admission at a time inside an object: while one request holds the turnstile across an await (a
 * quota reservation), the others wait at it, and pass only once the holder has done what it held it for
 * (created the judgment and started its run), so they see that and join it rather than start their own.
 *
 * @example
 * await turnstile.pass();
 * const release = turnstile.hold();
 * try { await reserve(); create(); } finally { release(); }
 */
export class Turnstile {
  #held: Promise<void> | null = null;

  get busy(): boolean {
    return this.#held !== null;
  }

  /** Resolves once nobody holds the turnstile. */
  async pass(): Promise<void> {
    while (this.#held) await this.#held;
  }

  /** Holds the turnstile until the returned release is called (call it exactly once, in a `finally`). */
  hold(): () => void {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    this.#held = held;
    return () => {
      if (this.#held === held) this.#held = null;
      release();
    };
  }
}
