import { readFile } from "node:fs/promises";

/**
 * Reads a labelled JSONL file for `npm run eval`: one item per line, either `{content, context?, label}`
 * (label a number 0–100, "pass" or "fail") or `{a, b, label: "a"|"b"|"tie"}`. Blank lines and lines
 * starting with `#` are skipped. Errors name the line, so a 10,000-line file is fixable.
 */

export type LabelledItem =
  | { content: string; context?: string; label: number | "pass" | "fail" }
  | { a: string; b: string; context?: string; label: "a" | "b" | "tie" };

export class LabelsFileError extends Error {}

function readItem(value: unknown, line: number): LabelledItem {
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new LabelsFileError(`line ${line}: not a JSON object`);
  const item = value as Record<string, unknown>;
  const context = typeof item.context === "string" ? { context: item.context } : {};
  if (typeof item.a === "string" && typeof item.b === "string") {
    if (item.label !== "a" && item.label !== "b" && item.label !== "tie") throw new LabelsFileError(`line ${line}: a pair's label must be "a", "b" or "tie"`);
    return { a: item.a, b: item.b, label: item.label, ...context };
  }
  if (typeof item.content !== "string") throw new LabelsFileError(`line ${line}: needs "content" (or "a" and "b")`);
  const label = item.label;
  const numeric = typeof label === "number" && Number.isFinite(label) && label >= 0 && label <= 100;
  if (!numeric && label !== "pass" && label !== "fail") throw new LabelsFileError(`line ${line}: label must be a number 0–100, "pass" or "fail"`);
  return { content: item.content, label: label as number | "pass" | "fail", ...context };
}

/**
 * @example
 * parseLabels('{"content":"x","label":70}\n{"content":"y","label":"fail"}'); // two items
 */
export function parseLabels(text: string): LabelledItem[] {
  const items: LabelledItem[] = [];
  const lines = text.split(/\r?\n/);
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!.trim();
    if (line === "" || line.startsWith("#")) continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new LabelsFileError(`line ${index + 1}: not valid JSON`);
    }
    items.push(readItem(value, index + 1));
  }
  if (items.length === 0) throw new LabelsFileError("the file holds no item");
  const pairs = items.filter((item) => "a" in item).length;
  if (pairs !== 0 && pairs !== items.length) throw new LabelsFileError("mix of single items and pairs: one evaluation judges one kind");
  return items;
}

export async function readLabelsFile(path: string): Promise<LabelledItem[]> {
  return parseLabels(await readFile(path, "utf8"));
}
