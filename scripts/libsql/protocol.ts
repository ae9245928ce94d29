/**
 * Hrana (v2, JSON over HTTP) shapes as `@libsql/client` sends and reads them, and the conversions
 * between protocol values and the `libsql` engine's JavaScript values.
 *
 * Reference: https://github.com/tursodatabase/libsql/blob/main/docs/HRANA_3_SPEC.md (v2 is its subset).
 */
import { primaryCodeName } from "./error-codes.ts";

export type ProtoValue =
  | { type: "null" }
  | { type: "integer"; value: string }
  | { type: "float"; value: number }
  | { type: "text"; value: string }
  | { type: "blob"; base64: string };

export interface ProtoStmt {
  sql?: string;
  sql_id?: number;
  args?: ProtoValue[];
  named_args?: { name: string; value: ProtoValue }[];
  want_rows?: boolean;
}

export type ProtoCondition =
  | { type: "ok"; step: number }
  | { type: "error"; step: number }
  | { type: "not"; cond: ProtoCondition }
  | { type: "and"; conds: ProtoCondition[] }
  | { type: "or"; conds: ProtoCondition[] }
  | { type: "is_autocommit" };

export interface ProtoBatchStep {
  condition?: ProtoCondition | null;
  stmt: ProtoStmt;
}

export type StreamRequest =
  | { type: "close" }
  | { type: "execute"; stmt: ProtoStmt }
  | { type: "batch"; batch: { steps: ProtoBatchStep[] } }
  | { type: "sequence"; sql?: string; sql_id?: number }
  | { type: "describe"; sql?: string; sql_id?: number }
  | { type: "store_sql"; sql_id: number; sql: string }
  | { type: "close_sql"; sql_id: number }
  | { type: "get_autocommit" };

export interface PipelineRequest {
  baton?: string | null;
  requests: StreamRequest[];
}

export interface ProtoError {
  message: string;
  code: string;
}

export interface StmtResult {
  cols: { name: string; decltype: string | null }[];
  rows: ProtoValue[][];
  affected_row_count: number;
  last_insert_rowid: string | null;
}

export type StreamResult = { type: "ok"; response: { type: string } & Record<string, unknown> } | { type: "error"; error: ProtoError };

/** An error the protocol reports to the client (as a result or a 400), never a crash. */
export class HranaError extends Error {
  readonly code: string;
  constructor(message: string, code = "UNKNOWN") {
    super(message);
    this.name = "HranaError";
    this.code = code;
  }
}

/** The engine's JavaScript value for a protocol value; integers stay BigInt so 64 bits survive. */
export function fromProto(value: ProtoValue | undefined): unknown {
  if (value === undefined || value === null || typeof value !== "object") {
    throw new HranaError("a value must be an object with a type", "ARGS_INVALID");
  }
  switch (value.type) {
    case "null":
      return null;
    case "integer":
      try {
        return BigInt(value.value);
      } catch {
        throw new HranaError(`invalid integer value ${JSON.stringify(value.value)}`, "ARGS_INVALID");
      }
    case "float":
      return Number(value.value);
    case "text":
      return String(value.value);
    case "blob":
      return Buffer.from(String(value.base64), "base64");
    default:
      throw new HranaError(`unknown value type ${JSON.stringify((value as { type: unknown }).type)}`, "ARGS_INVALID");
  }
}

/** The protocol value for what the engine returned (with safe integers on). */
export function toProto(value: unknown): ProtoValue {
  if (value === null || value === undefined) return { type: "null" };
  if (typeof value === "bigint") return { type: "integer", value: value.toString() };
  // With safe integers on, the engine returns INTEGER as BigInt, so a number is always a REAL.
  if (typeof value === "number") return { type: "float", value };
  if (typeof value === "string") return { type: "text", value };
  if (value instanceof Uint8Array) return { type: "blob", base64: Buffer.from(value).toString("base64") };
  return { type: "text", value: String(value) };
}

/**
 * Maps an engine error to the protocol's `{message, code}`: the engine's message and, as sqld sends
 * it, the primary result code name (`SQLITE_CONSTRAINT`, never `SQLITE_CONSTRAINT_UNIQUE`).
 */
export function toProtoError(error: unknown): ProtoError {
  if (error instanceof HranaError) return { message: error.message, code: primaryCodeName(error.code) };
  if (error instanceof Error) {
    const { code, rawCode } = error as { code?: unknown; rawCode?: unknown };
    return { message: error.message, code: typeof code === "string" ? primaryCodeName(code, rawCode) : "UNKNOWN" };
  }
  return { message: String(error), code: "UNKNOWN" };
}

/** Evaluates a batch step's condition against the outcomes of the steps before it. */
export function conditionHolds(
  condition: ProtoCondition | null | undefined,
  outcomes: ("ok" | "error" | "skipped")[],
  isAutocommit: () => boolean,
): boolean {
  if (!condition) return true;
  switch (condition.type) {
    case "ok":
      return outcomes[condition.step] === "ok";
    case "error":
      return outcomes[condition.step] === "error";
    case "not":
      return !conditionHolds(condition.cond, outcomes, isAutocommit);
    case "and":
      return condition.conds.every((c) => conditionHolds(c, outcomes, isAutocommit));
    case "or":
      return condition.conds.some((c) => conditionHolds(c, outcomes, isAutocommit));
    case "is_autocommit":
      return isAutocommit();
    default:
      throw new HranaError("unknown batch condition", "BATCH_COND_INVALID");
  }
}
