/**
 * The arithmetic of one key's quotas (docs/runbook.md "Cost quotas"), pure: judgments started per fixed minute and US
 * dollars per UTC day, with a judgment's worst case reserved when it starts and settled to what it
 * cost when it ends. The key's Durable Object stores the state and calls these.
 */

export interface QuotaPolicy {
  /** New judgments (model calls started) per minute; null: no limit. */
  judgments_per_minute: number | null;
  /** Spend per UTC day, worst case while running, actual once settled; null: no limit. */
  usd_per_day: number | null;
}

export interface LedgerState {
  /** The minute (epoch ms ÷ 60,000) `judgments` counts. */
  minute: number;
  judgments: number;
  /** The UTC day (epoch ms ÷ 86,400,000) the sums are for. */
  day: number;
  settledUsd: number;
  reservedUsd: number;
  /** Open reservations by id: what each holds, on which day, and who holds it (see `HoldOwner`). */
  reservations: Record<string, OpenReservation>;
}

/**
 * The object whose judgment (or comparison) a reservation pays for, by binding and object name: the
 * quota object asks it to settle a reservation still open at `checkAt`, so a holder that died between
 * reserving and settling (or before its judgment was even created) does not hold the money all day.
 */
export interface HoldOwner {
  kind: "cell" | "comparison";
  name: string;
}

interface OpenReservation {
  usd: number;
  day: number;
  owner?: HoldOwner;
  /** When to ask the owner about it, if it is still open (epoch ms). */
  checkAt?: number;
}

/** Where a key stands, for `RateLimit` headers and 429 replies. */
export interface QuotaStanding {
  policy: QuotaPolicy;
  judgmentsRemaining: number | null;
  usdRemaining: number | null;
  /** Seconds until the minute's count starts again. */
  minuteResetSeconds: number;
  /** Seconds until the day's spend starts again. */
  dayResetSeconds: number;
}

export type Reservation =
  | { ok: true; id: string; standing: QuotaStanding }
  | { ok: false; limit: "judgments_per_minute" | "usd_per_day"; retryAfterSeconds: number; standing: QuotaStanding };

const MINUTE_MS = 60_000;
/**
 * How long a reservation stays open before its owner is asked about it, and asked again while it still
 * runs: well past any judgment's normal run (seconds), so the question is almost never asked.
 */
export const HOLD_CHECK_MS = 10 * MINUTE_MS;
const DAY_MS = 86_400_000;
const roundUsd = (usd: number) => Math.round(usd * 1e6) / 1e6;

export const emptyLedger = (): LedgerState => ({ minute: 0, judgments: 0, day: 0, settledUsd: 0, reservedUsd: 0, reservations: {} });

/** The state with its windows moved to `now`: a new minute counts from zero, a new day spends from zero. */
function rolled(state: LedgerState, now: number): LedgerState {
  const minute = Math.floor(now / MINUTE_MS);
  const day = Math.floor(now / DAY_MS);
  const next = { ...state, reservations: { ...state.reservations } };
  if (minute !== state.minute) Object.assign(next, { minute, judgments: 0 });
  if (day !== state.day) {
    // Reservations of an earlier day still settle, but count against the day they were made.
    const carried = Object.values(next.reservations).filter((r) => r.day === day).reduce((sum, r) => sum + r.usd, 0);
    Object.assign(next, { day, settledUsd: 0, reservedUsd: carried });
  }
  return next;
}

export function standing(state: LedgerState, policy: QuotaPolicy, now: number): QuotaStanding {
  const current = rolled(state, now);
  return {
    policy,
    judgmentsRemaining: policy.judgments_per_minute === null ? null : Math.max(0, policy.judgments_per_minute - current.judgments),
    usdRemaining: policy.usd_per_day === null ? null : Math.max(0, roundUsd(policy.usd_per_day - current.settledUsd - current.reservedUsd)),
    minuteResetSeconds: Math.ceil(((current.minute + 1) * MINUTE_MS - now) / 1000),
    dayResetSeconds: Math.ceil(((current.day + 1) * DAY_MS - now) / 1000),
  };
}

/**
 * Reserves one judgment and its worst-case cost, or says which quota refuses it and when to retry.
 *
 * @example
 * const [state, result] = reserve(emptyLedger(), { judgments_per_minute: 1, usd_per_day: null }, 0.01, Date.now(), "r1");
 */
export function reserve(state: LedgerState, policy: QuotaPolicy, worstCaseUsd: number, now: number, id: string, owner?: HoldOwner): [LedgerState, Reservation] {
  const current = rolled(state, now);
  const before = standing(current, policy, now);
  if (current.reservations[id]) return [current, { ok: true, id, standing: before }];
  if (before.judgmentsRemaining !== null && before.judgmentsRemaining < 1) {
    return [current, { ok: false, limit: "judgments_per_minute", retryAfterSeconds: Math.max(1, before.minuteResetSeconds), standing: before }];
  }
  if (before.usdRemaining !== null && worstCaseUsd > before.usdRemaining) {
    return [current, { ok: false, limit: "usd_per_day", retryAfterSeconds: Math.max(1, before.dayResetSeconds), standing: before }];
  }
  const next: LedgerState = {
    ...current,
    judgments: current.judgments + 1,
    reservedUsd: roundUsd(current.reservedUsd + worstCaseUsd),
    reservations: { ...current.reservations, [id]: { usd: worstCaseUsd, day: current.day, ...(owner ? { owner, checkAt: now + HOLD_CHECK_MS } : {}) } },
  };
  return [next, { ok: true, id, standing: standing(next, policy, now) }];
}

/** Replaces a reservation's worst case by what the judgment cost; unknown ids change nothing. */
export function settle(state: LedgerState, id: string, actualUsd: number, now: number): LedgerState {
  const current = rolled(state, now);
  const reservation = current.reservations[id];
  if (!reservation) return current;
  const { [id]: _settled, ...open } = current.reservations;
  if (reservation.day !== current.day) return { ...current, reservations: open };
  return {
    ...current,
    reservations: open,
    reservedUsd: roundUsd(Math.max(0, current.reservedUsd - reservation.usd)),
    settledUsd: roundUsd(current.settledUsd + actualUsd),
  };
}

/** The owners of reservations open past their `checkAt`, each once (an owner may hold several). */
export function overdueOwners(state: LedgerState, now: number): HoldOwner[] {
  const owners = new Map<string, HoldOwner>();
  for (const reservation of Object.values(state.reservations)) {
    if (reservation.owner && reservation.checkAt !== undefined && reservation.checkAt <= now) owners.set(`${reservation.owner.kind} ${reservation.owner.name}`, reservation.owner);
  }
  return [...owners.values()];
}

/** Reservations still open past their `checkAt` are asked about again `HOLD_CHECK_MS` later. */
export function postponeOverdue(state: LedgerState, now: number): LedgerState {
  const reservations = Object.fromEntries(Object.entries(state.reservations).map(([id, reservation]) => [
    id,
    reservation.checkAt !== undefined && reservation.checkAt <= now ? { ...reservation, checkAt: now + HOLD_CHECK_MS } : reservation,
  ]));
  return { ...state, reservations };
}

/** When the next open reservation is due to be asked about, or null when none is. */
export function nextCheckAt(state: LedgerState): number | null {
  const times = Object.values(state.reservations).map((reservation) => reservation.checkAt).filter((at): at is number => at !== undefined);
  return times.length > 0 ? Math.min(...times) : null;
}
