import type { BatchResultLine } from "../schemas/batch.ts";

/**
 * The CSV columns of a batch's results: one row per item, its judgment or comparison flattened to its
 * headline figures (a judgment's Q-score and verdict, a comparison's winner and margin).
 */
export const CSV_COLUMNS = [
  "index", "cell_id", "status", "q_score", "verdict", "confidence", "cost_usd", "error_code", "error_message", "kind", "winner", "margin",
] as const;

/** RFC 4180 field: quoted when it holds a comma, quote or line break; a leading formula character is
 * neutralised so a spreadsheet never evaluates content as a formula (OWASP "CSV injection"). */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  let text = String(value);
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export const csvHeader = (): string => `${CSV_COLUMNS.join(",")}\r\n`;

/** One result line as a CSV row (CRLF-terminated); `kind` is known only for a completed item. */
export function csvRow(line: BatchResultLine): string {
  const { judgment, comparison } = line;
  const outcome = judgment ?? comparison;
  return [
    line.index,
    line.cell_id,
    line.status,
    judgment?.q_score ?? null,
    judgment?.verdict ?? null,
    judgment?.confidence ?? null,
    outcome?.usage.cost_usd ?? null,
    line.error?.code ?? outcome?.error?.code ?? null,
    line.error?.message ?? outcome?.error?.message ?? null,
    judgment ? "judgment" : comparison ? "comparison" : null,
    comparison?.winner ?? null,
    comparison?.margin ?? null,
  ].map(csvField).join(",") + "\r\n";
}
