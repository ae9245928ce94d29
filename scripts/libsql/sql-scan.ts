/**
 * A small SQL scanner that follows SQLite's tokenizer closely enough to answer what the `libsql` JS
 * binding cannot: the statement's parameters (index → name, numbered exactly as SQLite numbers them),
 * whether the text holds zero, one or several statements, and its first keyword.
 *
 * Binding by name through the binding itself is not an option: it panics (aborting the process) on
 * some keys, so the server always binds positionally using the names found here.
 */

export interface SqlScan {
  /** Parameter names by index - 1 (`null` for a bare `?`), as `sqlite3_bind_parameter_name` gives them. */
  params: (string | null)[];
  /** Non-empty statements found, counting stops at 2. */
  statementCount: number;
  /** The first keyword of the first statement, upper-cased ("" when there is none). */
  firstKeyword: string;
  /**
   * The first statement scanned that reaches beyond the database file (`ATTACH`, `DETACH`,
   * `VACUUM INTO`), named by what it does; null when there is none. With `allStatements`, every
   * statement of the text is checked, otherwise the first two.
   */
  denied: string | null;
}

export interface ScanOptions {
  /** Scan every statement (for a script run whole), not just as far as telling one from several. */
  allStatements?: boolean;
}

interface ScanState {
  denied: string | null;
  params: (string | null)[];
  names: Map<string, number>;
  statementCount: number;
  firstKeyword: string;
  /** Words of the current statement so far (upper-cased, only the first few are kept). */
  leadingWords: string[];
  tokensInStatement: number;
  previousWord: string;
}

/** Enough for `EXPLAIN QUERY PLAN VACUUM schema INTO` and `CREATE TEMP TRIGGER`. */
const MAX_LEADING_WORDS = 6;

function isIdChar(code: number): boolean {
  return (
    (code >= 48 && code <= 57) || // 0-9
    (code >= 65 && code <= 90) || // A-Z
    (code >= 97 && code <= 122) || // a-z
    code === 95 || // _
    code === 36 || // $
    code >= 0x80
  );
}

function isSpace(ch: string): boolean {
  return ch === " " || ch === "\t" || ch === "\n" || ch === "\r" || ch === "\f";
}

/** Index just past a quoted token starting at `start` (doubled quotes escape; unterminated runs to the end). */
function skipQuoted(sql: string, start: number, close: string): number {
  let i = start + 1;
  while (i < sql.length) {
    if (sql[i] === close) {
      if (close !== "]" && sql[i + 1] === close) {
        i += 2;
        continue;
      }
      return i + 1;
    }
    i++;
  }
  return sql.length;
}

function skipIdChars(sql: string, start: number): number {
  let i = start;
  while (i < sql.length && isIdChar(sql.charCodeAt(i))) i++;
  return i;
}

/** A `$name` parameter may carry TCL-style `::` segments and one `(...)` suffix. */
function skipDollarName(sql: string, start: number): number {
  let i = start + 1;
  for (;;) {
    if (i < sql.length && isIdChar(sql.charCodeAt(i))) i++;
    else if (sql[i] === ":" && sql[i + 1] === ":") i += 2;
    else if (sql[i] === "(") {
      const close = sql.indexOf(")", i);
      return close < 0 ? sql.length : close + 1;
    } else return i;
  }
}

function addParam(state: ScanState, name: string | null): void {
  if (state.statementCount > 0) return;
  if (name === null) {
    state.params.push(null);
    return;
  }
  if (name.startsWith("?")) {
    const index = Number(name.slice(1));
    while (state.params.length < index) state.params.push(null);
    if (state.params[index - 1] === null) state.params[index - 1] = name;
    return;
  }
  if (state.names.has(name)) return;
  state.params.push(name);
  state.names.set(name, state.params.length);
}

function noteToken(state: ScanState, word: string): void {
  state.tokensInStatement++;
  if (word !== "" && state.leadingWords.length < MAX_LEADING_WORDS) state.leadingWords.push(word);
  if (state.statementCount === 0 && state.firstKeyword === "" && word !== "") state.firstKeyword = word;
  state.previousWord = word;
}

/** Inside `CREATE [TEMP] TRIGGER ... BEGIN ... END` only the `;` right after END ends the statement. */
function semicolonEndsStatement(state: ScanState): boolean {
  const [first, second, third] = state.leadingWords;
  const isTrigger = first === "CREATE" && (second === "TRIGGER" || third === "TRIGGER");
  return !isTrigger || state.previousWord === "END";
}

/**
 * ATTACH and VACUUM INTO open or write any file the server process can reach; DETACH goes with
 * ATTACH. The `libsql` binding's authorizer only allows or denies whole tables, which cannot express
 * this, so the statement's leading keywords decide (after EXPLAIN [QUERY PLAN], to be safe).
 */
function deniedBy(words: string[]): string | null {
  let rest = words;
  if (rest[0] === "EXPLAIN") rest = rest[1] === "QUERY" && rest[2] === "PLAN" ? rest.slice(3) : rest.slice(1);
  const [first] = rest;
  if (first === "ATTACH" || first === "DETACH") return first;
  if (first === "VACUUM" && rest.slice(1, 3).includes("INTO")) return "VACUUM INTO";
  return null;
}

function endStatement(state: ScanState): void {
  state.denied ??= deniedBy(state.leadingWords);
  if (state.tokensInStatement > 0) state.statementCount++;
  state.tokensInStatement = 0;
  state.leadingWords = [];
  state.previousWord = "";
}

/** Scans `sql`; see {@link SqlScan}. Never throws. */
export function scanSql(sql: string, options: ScanOptions = {}): SqlScan {
  const limit = options.allStatements ? Number.POSITIVE_INFINITY : 2;
  const state: ScanState = {
    denied: null,
    params: [],
    names: new Map(),
    statementCount: 0,
    firstKeyword: "",
    leadingWords: [],
    tokensInStatement: 0,
    previousWord: "",
  };
  let i = 0;
  while (i < sql.length && state.statementCount < limit) {
    const ch = sql[i] as string;
    const code = sql.charCodeAt(i);
    if (isSpace(ch)) {
      i++;
    } else if (ch === "-" && sql[i + 1] === "-") {
      const eol = sql.indexOf("\n", i);
      i = eol < 0 ? sql.length : eol + 1;
    } else if (ch === "/" && sql[i + 1] === "*") {
      const close = sql.indexOf("*/", i + 2);
      i = close < 0 ? sql.length : close + 2;
    } else if (ch === ";") {
      if (semicolonEndsStatement(state)) endStatement(state);
      else noteToken(state, "");
      i++;
    } else if (ch === "'" || ch === '"' || ch === "`" || ch === "[") {
      i = skipQuoted(sql, i, ch === "[" ? "]" : ch);
      noteToken(state, "");
    } else if (ch === "?") {
      const end = skipIdChars(sql, i + 1);
      const digits = sql.slice(i + 1, end);
      addParam(state, /^[0-9]+$/.test(digits) ? `?${Number(digits)}` : null);
      i = /^[0-9]+$/.test(digits) ? end : i + 1;
      noteToken(state, "");
    } else if ((ch === ":" || ch === "@") && isIdChar(sql.charCodeAt(i + 1))) {
      const end = skipIdChars(sql, i + 1);
      addParam(state, sql.slice(i, end));
      i = end;
      noteToken(state, "");
    } else if (ch === "$" && isIdChar(sql.charCodeAt(i + 1))) {
      const end = skipDollarName(sql, i);
      addParam(state, sql.slice(i, end));
      i = end;
      noteToken(state, "");
    } else if (isIdChar(code)) {
      const end = skipIdChars(sql, i);
      const isNumber = code >= 48 && code <= 57;
      noteToken(state, isNumber ? "" : sql.slice(i, end).toUpperCase());
      i = end;
    } else {
      noteToken(state, "");
      i++;
    }
  }
  if (state.statementCount < limit) endStatement(state);
  return {
    params: state.params,
    statementCount: Math.min(state.statementCount, 2),
    firstKeyword: state.firstKeyword,
    denied: state.denied,
  };
}
