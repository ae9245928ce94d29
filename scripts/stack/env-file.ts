/**
 * Writes the Worker's variables for `wrangler dev --env-file` so that each value reaches the Worker
 * byte for byte. wrangler reads the file with dotenv and then dotenv-expand (both bundled in its CLI):
 *
 * - single- and backtick-quoted values are literal and may span lines, but cannot hold their quote;
 * - double-quoted values turn `\n` and `\r` into line breaks and nothing else, so they cannot hold `"`;
 * - a quoted value ending in a backslash would read its closing quote as escaped;
 * - the file's CR and CRLF line ends become LF before parsing;
 * - dotenv-expand replaces `$NAME` and `${NAME}` in every value, and turns `\$` into `$`.
 *
 * So every `$` is written as `\$`, and each value takes the first quoting that holds it exactly. A value
 * no quoting holds (one with `'`, `` ` `` and `"`, or `"` and a carriage return) goes on the command
 * line instead (`--var KEY:VALUE`, which wrangler splits at the first colon only), where it is exact too
 * but visible in the process list: which is why the file comes first.
 */

/** One `KEY=value` line that wrangler reads back as exactly `value`, or undefined if none can. */
export function envFileLine(key: string, value: string): string | undefined {
  const escaped = value.replaceAll("$", "\\$");
  const endsInBackslash = escaped.endsWith("\\");
  if (!endsInBackslash && !value.includes("\r")) {
    for (const quote of ["'", "`"]) {
      if (!value.includes(quote)) return `${key}=${quote}${escaped}${quote}`;
    }
  }
  // Double quotes: line breaks become escapes, so the value may not hold `"` nor an escape of its own.
  if (!endsInBackslash && !value.includes('"') && !/\\[nr]/.test(escaped)) {
    return `${key}="${escaped.replaceAll("\n", "\\n").replaceAll("\r", "\\r")}"`;
  }
  return undefined;
}

export interface WorkerVarsLayout {
  /** The env file's text (mode 0600 when written). */
  envFile: string;
  /** `--var=KEY:VALUE` arguments for the values no env-file quoting holds. */
  varArgs: string[];
}

/**
 * Splits the variables between the env file and `--var` arguments; empty values are left out (the
 * Worker treats them as unset).
 *
 * @example
 * layoutWorkerVars({ JUDGE_PROFILES: '{"fast":{"provider":"ollama"}}' }).envFile;
 * // JUDGE_PROFILES='{"fast":{"provider":"ollama"}}'
 */
export function layoutWorkerVars(vars: Record<string, string | undefined>): WorkerVarsLayout {
  const lines: string[] = [];
  const varArgs: string[] = [];
  for (const [key, value] of Object.entries(vars)) {
    if (value === undefined || value === "") continue;
    const line = envFileLine(key, value);
    if (line === undefined) varArgs.push(`--var=${key}:${value}`);
    else lines.push(line);
  }
  return { envFile: lines.length > 0 ? `${lines.join("\n")}\n` : "", varArgs };
}
