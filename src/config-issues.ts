import type { z } from "zod";

/**
 * What is wrong with one configuration variable, said so that it can be fixed: the variable, the value
 * given (never for secrets) and what the variable accepts.
 */
export interface ConfigIssue {
  /** The variable, e.g. `JUDGE_TIMEOUT_MS`. */
  variable: string;
  /** Where inside a JSON variable, e.g. `fast.timeout_ms` in `JUDGE_PROFILES`. */
  at?: string;
  /** The value given, when it may be shown (not a secret's). */
  given?: string;
  /** What is accepted. */
  accepted: string;
}

/** The configuration is invalid; `issues` names every bad variable. */
export class ConfigError extends Error {
  override name = "ConfigError";
  readonly issues: readonly ConfigIssue[];

  constructor(issues: readonly ConfigIssue[]) {
    super(`invalid configuration: ${issues.map(describeConfigIssue).join("; ")}`);
    this.issues = issues;
  }
}

/**
 * One issue as a line of text.
 *
 * @example
 * describeConfigIssue({ variable: "JUDGE_TIMEOUT_MS", given: "abc", accepted: "an integer from 100 to 600000" });
 * // 'JUDGE_TIMEOUT_MS="abc": expected an integer from 100 to 600000'
 */
export function describeConfigIssue(issue: ConfigIssue): string {
  const where = issue.at === undefined ? issue.variable : `${issue.variable} at ${issue.at}`;
  const given = issue.given === undefined ? "" : `=${JSON.stringify(issue.given)}`;
  return `${where}${given}: expected ${issue.accepted}`;
}

/** Walks `path` into `value` (a parsed JSON document or an environment). */
function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let current = value;
  for (const key of path) {
    if (typeof current !== "object" || current === null) return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

/** The description (what it accepts) of the field `key` of an object schema, if it has one. */
function acceptedOf(schema: z.ZodObject, key: PropertyKey | undefined): string | undefined {
  return key === undefined ? undefined : (schema.shape as Record<PropertyKey, z.ZodType | undefined>)[key]?.description;
}

export interface IssueSource {
  /** The schema of each entry: its fields' descriptions say what they accept. */
  schema: z.ZodObject;
  /** What was validated, to quote the values given. */
  input: unknown;
  /** Field names whose values are never quoted. */
  secrets: ReadonlySet<string>;
  /** Set when the issues are inside one JSON variable: its name; paths then start with the entry's key. */
  variable?: string;
  /** What the entries' keys accept, when the input is a record. */
  keyAccepted?: string;
}

/**
 * Turns zod's issues into configuration issues that quote the value given (`"abc"`, not zod's
 * "received NaN") and what the field accepts.
 */
export function configIssuesOf(error: z.ZodError, source: IssueSource): ConfigIssue[] {
  return error.issues.map((issue) => {
    const field = source.variable === undefined ? issue.path[0] : issue.path[1];
    const variable = source.variable ?? String(issue.path[0] ?? "(root)");
    const at = source.variable === undefined ? undefined : issue.path.map(String).join(".") || undefined;
    const given = valueAt(source.input, issue.path);
    const shown = typeof given === "string" || typeof given === "number" || typeof given === "boolean";
    const secret = field !== undefined && source.secrets.has(String(field));
    return {
      variable,
      ...(at === undefined ? {} : { at }),
      ...(shown && !secret ? { given: String(given) } : {}),
      accepted: (issue.code === "invalid_key" ? source.keyAccepted : acceptedOf(source.schema, field)) ?? issue.message,
    };
  });
}
