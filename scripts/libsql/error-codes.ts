/**
 * SQLite result code names as sqld (and so Turso) reports them over Hrana: the primary result code
 * of the engine's error, never the extended one. A PRIMARY KEY violation is `SQLITE_CONSTRAINT`, not
 * `SQLITE_CONSTRAINT_PRIMARYKEY`; a stale snapshot is `SQLITE_BUSY`, not `SQLITE_BUSY_SNAPSHOT`.
 *
 * Result codes: https://www.sqlite.org/rescode.html (the primary code is the low 8 bits).
 */

const PRIMARY_NAMES: Readonly<Record<number, string>> = {
  1: "SQLITE_ERROR",
  2: "SQLITE_INTERNAL",
  3: "SQLITE_PERM",
  4: "SQLITE_ABORT",
  5: "SQLITE_BUSY",
  6: "SQLITE_LOCKED",
  7: "SQLITE_NOMEM",
  8: "SQLITE_READONLY",
  9: "SQLITE_INTERRUPT",
  10: "SQLITE_IOERR",
  11: "SQLITE_CORRUPT",
  12: "SQLITE_NOTFOUND",
  13: "SQLITE_FULL",
  14: "SQLITE_CANTOPEN",
  15: "SQLITE_PROTOCOL",
  16: "SQLITE_EMPTY",
  17: "SQLITE_SCHEMA",
  18: "SQLITE_TOOBIG",
  19: "SQLITE_CONSTRAINT",
  20: "SQLITE_MISMATCH",
  21: "SQLITE_MISUSE",
  22: "SQLITE_NOLFS",
  23: "SQLITE_AUTH",
  24: "SQLITE_FORMAT",
  25: "SQLITE_RANGE",
  26: "SQLITE_NOTADB",
  27: "SQLITE_NOTICE",
  28: "SQLITE_WARNING",
};

/** Longest names first, so `SQLITE_READONLY_DBMOVED` is not taken for some shorter prefix. */
const NAMES_BY_LENGTH = Object.values(PRIMARY_NAMES).sort((a, b) => b.length - a.length);

/**
 * The primary code name for an engine error: from its numeric result code when the engine gives
 * one, else from its code name. Codes that are not SQLite's (the protocol's own, e.g.
 * `ARGS_INVALID`) pass through unchanged.
 *
 * @example
 * primaryCodeName("SQLITE_CONSTRAINT_PRIMARYKEY", 1555); // "SQLITE_CONSTRAINT"
 * primaryCodeName("SQLITE_BUSY_SNAPSHOT"); // "SQLITE_BUSY"
 */
export function primaryCodeName(code: string, rawCode?: unknown): string {
  if (typeof rawCode === "number" && Number.isInteger(rawCode)) {
    const name = PRIMARY_NAMES[rawCode & 0xff];
    if (name !== undefined) return name;
  }
  if (!code.startsWith("SQLITE_")) return code;
  return NAMES_BY_LENGTH.find((name) => code === name || code.startsWith(`${name}_`)) ?? code;
}
