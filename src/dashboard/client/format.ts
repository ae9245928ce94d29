/** Number and time formats the pages share. Pure: no DOM, unit-tested in Node. */

export const score = (value: number | null | undefined) => (value === null || value === undefined ? "–" : value.toFixed(1));

export const confidence = (value: number | null | undefined) => (value === null || value === undefined ? "–" : value.toFixed(3));

export const integer = (value: number | null | undefined) => (value === null || value === undefined ? "–" : Math.round(value).toLocaleString("en-US"));

export const usd = (value: number | null | undefined) => (value === null || value === undefined ? "–" : `$${value.toFixed(6)}`);

export const milliseconds = (value: number | null | undefined) => {
  if (value === null || value === undefined) return "–";
  return value < 1_000 ? `${Math.round(value)} ms` : `${(value / 1_000).toFixed(2)} s`;
};

/** A bar's width in percent for a 0–100 score, clamped. */
export const percent = (value: number) => `${Math.max(0, Math.min(100, value))}%`;

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["day", 86_400_000],
  ["hour", 3_600_000],
  ["minute", 60_000],
  ["second", 1_000],
];

/** "3 minutes ago", relative to `now`. */
export function ago(iso: string, now = Date.now()): string {
  const elapsed = Date.parse(iso) - now;
  if (Number.isNaN(elapsed)) return iso;
  const format = new Intl.RelativeTimeFormat("en", { numeric: "auto" });
  for (const [unit, size] of UNITS) {
    if (Math.abs(elapsed) >= size || unit === "second") return format.format(Math.round(elapsed / size), unit);
  }
  return iso;
}

/** "2 Dec 2026, 06:41:07" in the viewer's time zone. */
export function dateTime(iso: string | null | undefined): string {
  if (!iso) return "–";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "medium" }).format(date);
}

/** A `datetime-local` input's value (local wall time) as the ISO instant the API filters on. */
export function localInputToIso(value: string): string | undefined {
  if (value === "") return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** An ISO instant as a `datetime-local` input's value, in local wall time. */
export function isoToLocalInput(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 16);
}
