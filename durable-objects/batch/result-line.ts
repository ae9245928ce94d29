import type { ItemRow } from "./batch-store.ts";

/**
 * One result line as JSON text (`{index, cell_id, status, judgment?|comparison?|error?}`). A completed
 * item's judgment (or comparison) is stored as its cell's own text and spliced in, not parsed and
 * serialized again.
 */
export function resultLine(row: ItemRow): string {
  const head = `{"index":${row.idx},"cell_id":${JSON.stringify(row.cell_id)}`;
  switch (row.state) {
    case "completed":
      return `${head},"status":"completed","${row.comparison ? "comparison" : "judgment"}":${row.result}}`;
    case "failed":
    case "skipped":
      return `${head},"status":"${row.state}","error":${row.result ?? '{"code":"internal","message":"no outcome recorded"}'}}`;
    default:
      return `${head},"status":"pending"}`;
  }
}
