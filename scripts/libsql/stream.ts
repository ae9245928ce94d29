import type { Connection } from "./connection-pool.ts";
import {
  conditionHolds,
  fromProto,
  HranaError,
  toProto,
  toProtoError,
  type ProtoBatchStep,
  type ProtoStmt,
  type StmtResult,
  type StreamRequest,
  type StreamResult,
} from "./protocol.ts";
import { primaryCodeName } from "./error-codes.ts";
import { scanSql, type SqlScan } from "./sql-scan.ts";
import type { WriteLock } from "./write-lock.ts";

/** Statements that never need the write lock (a plain BEGIN is deferred: its first write takes it). */
const LOCK_FREE = new Set(["SELECT", "VALUES", "EXPLAIN", "COMMIT", "END", "ROLLBACK", "RELEASE"]);
const READ_ONLY = new Set(["SELECT", "VALUES", "EXPLAIN"]);

function needsWriteLock(scan: SqlScan, sql: string): boolean {
  if (LOCK_FREE.has(scan.firstKeyword)) return false;
  if (scan.firstKeyword === "BEGIN") return /^\s*BEGIN\s+(IMMEDIATE|EXCLUSIVE)\b/i.test(sql);
  return true;
}

/** Refuses, as SQLite's authorizer would (SQLITE_AUTH), SQL that reaches files beyond the database. */
function refuseDenied(scan: SqlScan): void {
  if (scan.denied) throw new HranaError(`not authorized: ${scan.denied} is not allowed on this server`, "SQLITE_AUTH");
}

/** Binds positionally: SQLite numbers `:name`, `@name`, `$name` and `?NNN` in one sequence. */
function bindArgs(params: (string | null)[], stmt: ProtoStmt): unknown[] {
  const args = stmt.args ?? [];
  const named = new Map((stmt.named_args ?? []).map((arg) => [arg.name, arg.value]));
  if (args.length > params.length) {
    throw new HranaError(`the statement takes ${params.length} arguments but ${args.length} were given`, "ARGS_INVALID");
  }
  return params.map((name, index) => {
    if (name !== null && !name.startsWith("?")) {
      const value = named.get(name) ?? named.get(name.slice(1));
      if (value !== undefined) return fromProto(value);
    }
    const value = args[index];
    return value === undefined ? null : fromProto(value);
  });
}

export interface StreamOptions {
  lock: WriteLock<Stream>;
  /** How long a writer may queue for the write lock before it gets SQLITE_BUSY. */
  lockWaitMs: number;
}

/**
 * One Hrana stream: a connection, its stored SQL texts, and the write lock while it writes.
 * Requests on a stream run one after another, so a stream needs no locking of its own.
 */
export class Stream {
  readonly connection: Connection;
  readonly #options: StreamOptions;
  readonly #storedSql = new Map<number, string>();
  /** Inside `BEGIN TRANSACTION READONLY`, which the engine accepts but does not enforce by itself. */
  #readOnlyTransaction = false;
  /**
   * A prepared statement that failed busy or locked stays un-reset inside the binding (it has no
   * reset call) and pins the connection's old read snapshot even after ROLLBACK: every later write on
   * that connection fails SQLITE_BUSY and reads see stale rows. Such a connection is not reused.
   */
  #pinnedSnapshot = false;

  constructor(connection: Connection, options: StreamOptions) {
    this.connection = connection;
    this.#options = options;
  }

  /** Whether the connection may go back to the pool once this stream ends. */
  get reusable(): boolean {
    return !this.#pinnedSnapshot;
  }

  get isAutocommit(): boolean {
    return !this.connection.inTransaction;
  }

  /** Runs one request; SQL and argument errors become error results, never exceptions. */
  async handle(request: StreamRequest): Promise<StreamResult> {
    try {
      return { type: "ok", response: await this.#dispatch(request) };
    } catch (error) {
      return { type: "error", error: toProtoError(error) };
    }
  }

  /** Rolls back what is open and lets go of the write lock; the caller returns the connection. */
  release(): void {
    if (this.connection.inTransaction) {
      try {
        this.connection.exec("ROLLBACK");
      } catch {
        // Already rolled back by SQLite (e.g. after a constraint failure in some modes).
      }
    }
    this.#options.lock.abandon(this, new HranaError("the stream was closed", "STREAM_CLOSED"));
  }

  async #dispatch(request: StreamRequest): Promise<{ type: string } & Record<string, unknown>> {
    switch (request?.type) {
      case "execute":
        return { type: "execute", result: await this.#execute(request.stmt) };
      case "batch":
        return { type: "batch", result: await this.#batch(request.batch?.steps) };
      case "sequence":
        await this.#sequence(this.#sqlOf(request));
        return { type: "sequence" };
      case "describe":
        return { type: "describe", result: this.#describe(this.#sqlOf(request)) };
      case "store_sql":
        if (typeof request.sql !== "string") throw new HranaError("store_sql needs sql", "PROTO_INVALID");
        this.#storedSql.set(request.sql_id, request.sql);
        return { type: "store_sql" };
      case "close_sql":
        this.#storedSql.delete(request.sql_id);
        return { type: "close_sql" };
      case "get_autocommit":
        return { type: "get_autocommit", is_autocommit: this.isAutocommit };
      default:
        throw new HranaError(`unknown request type ${JSON.stringify((request as { type?: unknown })?.type)}`, "PROTO_INVALID");
    }
  }

  #sqlOf(source: { sql?: string | undefined; sql_id?: number | undefined }): string {
    if (typeof source?.sql === "string") return source.sql;
    if (typeof source?.sql_id === "number") {
      const sql = this.#storedSql.get(source.sql_id);
      if (sql === undefined) throw new HranaError(`no SQL stored under id ${source.sql_id}`, "SQL_NOT_FOUND");
      return sql;
    }
    throw new HranaError("the statement has neither sql nor sql_id", "PROTO_INVALID");
  }

  /** Takes the write lock when `sql` may write, runs `work`, and frees the lock once back in autocommit. */
  async #withLock<T>(needsLock: boolean, work: () => T): Promise<T> {
    const lock = this.#options.lock;
    if (needsLock && !lock.isHeldBy(this)) await this.#acquire();
    try {
      return work();
    } finally {
      if (this.isAutocommit) lock.release(this);
    }
  }

  async #acquire(): Promise<void> {
    const lock = this.#options.lock;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const error = new HranaError(`database is locked (waited ${this.#options.lockWaitMs} ms for the write lock)`, "SQLITE_BUSY");
        lock.abandon(this, error);
        reject(error);
      }, this.#options.lockWaitMs);
    });
    try {
      await Promise.race([lock.acquire(this), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  async #execute(stmt: ProtoStmt): Promise<StmtResult> {
    if (!stmt || typeof stmt !== "object") throw new HranaError("execute needs a stmt", "PROTO_INVALID");
    const sql = this.#sqlOf(stmt);
    const scan = scanSql(sql);
    if (scan.statementCount === 0) throw new HranaError("SQL string does not contain any statement", "SQL_NO_STATEMENT");
    if (scan.statementCount > 1) throw new HranaError("SQL string contains more than one statement", "SQL_MANY_STATEMENTS");
    refuseDenied(scan);
    const args = bindArgs(scan.params, stmt);
    const needsLock = needsWriteLock(scan, sql);
    if (this.isAutocommit) this.#readOnlyTransaction = false;
    if (needsLock && this.#readOnlyTransaction) {
      throw new HranaError("attempt to write in a read-only transaction", "SQLITE_READONLY");
    }
    let result: StmtResult;
    try {
      result = await this.#withLock(needsLock, () => this.#run(sql, scan, args, stmt.want_rows !== false));
    } catch (error) {
      const code = primaryCodeName(String((error as { code?: unknown }).code ?? ""), (error as { rawCode?: unknown }).rawCode);
      if (!(error instanceof HranaError) && (code === "SQLITE_BUSY" || code === "SQLITE_LOCKED")) this.#pinnedSnapshot = true;
      throw error;
    }
    if (scan.firstKeyword === "BEGIN" && /^\s*BEGIN\s+(TRANSACTION\s+)?READONLY\b/i.test(sql)) this.#readOnlyTransaction = true;
    return result;
  }

  #run(sql: string, scan: SqlScan, args: unknown[], wantRows: boolean): StmtResult {
    const prepared = this.connection.prepare(sql);
    if (!prepared.reader) {
      const outcome = prepared.run(args);
      return { cols: [], rows: [], affected_row_count: outcome.changes, last_insert_rowid: String(outcome.lastInsertRowid) };
    }
    prepared.raw(true).safeIntegers(true);
    const rows = prepared.all(args) as unknown[][];
    const cols = prepared.columns().map((col) => ({ name: col.name, decltype: col.type }));
    const result: StmtResult = {
      cols,
      rows: wantRows ? rows.map((row) => row.map(toProto)) : [],
      affected_row_count: 0,
      last_insert_rowid: null,
    };
    if (!READ_ONLY.has(scan.firstKeyword) && scan.firstKeyword !== "PRAGMA") {
      // A writing statement that returns rows (RETURNING): ask the connection what it changed.
      const [changes, rowid] = this.connection.prepare("SELECT changes(), last_insert_rowid()").raw(true).get() as [bigint, bigint];
      result.affected_row_count = Number(changes);
      result.last_insert_rowid = String(rowid);
    }
    return result;
  }

  async #batch(steps: ProtoBatchStep[] | undefined): Promise<{ step_results: (StmtResult | null)[]; step_errors: (ReturnType<typeof toProtoError> | null)[] }> {
    if (!Array.isArray(steps)) throw new HranaError("batch needs steps", "PROTO_INVALID");
    const outcomes: ("ok" | "error" | "skipped")[] = [];
    const step_results: (StmtResult | null)[] = [];
    const step_errors: (ReturnType<typeof toProtoError> | null)[] = [];
    for (const step of steps) {
      if (!conditionHolds(step?.condition, outcomes, () => this.isAutocommit)) {
        outcomes.push("skipped");
        step_results.push(null);
        step_errors.push(null);
        continue;
      }
      try {
        step_results.push(await this.#execute(step.stmt));
        step_errors.push(null);
        outcomes.push("ok");
      } catch (error) {
        step_results.push(null);
        step_errors.push(toProtoError(error));
        outcomes.push("error");
      }
    }
    return { step_results, step_errors };
  }

  async #sequence(sql: string): Promise<void> {
    // Several statements: any of them may write, so take the lock unless nothing here can.
    const scan = scanSql(sql, { allStatements: true });
    refuseDenied(scan);
    const mayWrite = scan.statementCount > 1 || needsWriteLock(scan, sql);
    await this.#withLock(mayWrite, () => this.connection.exec(sql));
  }

  #describe(sql: string): Record<string, unknown> {
    const scan = scanSql(sql);
    const prepared = this.connection.prepare(sql);
    return {
      params: scan.params.map((name) => ({ name: name !== null && !name.startsWith("?") ? name : null })),
      cols: prepared.reader ? prepared.columns().map((col) => ({ name: col.name, decltype: col.type })) : [],
      is_explain: scan.firstKeyword === "EXPLAIN",
      is_readonly: READ_ONLY.has(scan.firstKeyword),
    };
  }
}
