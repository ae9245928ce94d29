import type { JudgeProfile, PanelJudge } from "../config.ts";
import { PROMPT_VERSION } from "../judge/prompt-version.ts";
import type { Reality } from "../judge/types.ts";
import { formatRubricRef } from "../rubrics/ref.ts";

const utf8 = new TextEncoder();
/** Two hex digits per byte value: every POST derives a cell id, and this is cheaper than formatting each byte. */
const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, "0"));

/** Lowercase hex SHA-256 of a UTF-8 string. */
export async function sha256Hex(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", utf8.encode(text)));
  let hex = "";
  for (const byte of digest) hex += HEX[byte];
  return hex;
}

/**
 * JSON with object keys sorted at every depth and undefined members dropped, so equal values always
 * serialize to the same bytes.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, member]) => member !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, member]) => `${JSON.stringify(key)}:${canonicalJson(member)}`).join(",")}}`;
}

/** Profiles are frozen for the life of their configuration: one digest each, not one per request. */
const profileDigests = new WeakMap<JudgeProfile, string>();

/**
 * Digest of what makes a judge's scores what they are (provider, model, endpoint, batching, prompt),
 * not of how it is called (timeouts, retries, keys, prices).
 */
export async function profileDigest(profile: JudgeProfile): Promise<string> {
  const known = profileDigests.get(profile);
  if (known) return known;
  const digest = await sha256Hex(
    canonicalJson({
      provider: profile.provider,
      model: profile.model,
      base_url: profile.base_url,
      batch: profile.batch,
      // Only when it differs from the default, so direct-scoring profiles keep their digests.
      scoring: profile.scoring === "direct" ? undefined : profile.scoring,
      prompt_version: PROMPT_VERSION,
    }),
  );
  profileDigests.set(profile, digest);
  return digest;
}

const panelDigests = new WeakMap<PanelJudge, string>();

/**
 * Digest of a panel: its jurors' own digests in panel order and how their scores are combined, so
 * changing any juror's model or the aggregation makes new cells.
 */
export async function panelDigest(panel: PanelJudge): Promise<string> {
  const known = panelDigests.get(panel);
  if (known) return known;
  const digest = await sha256Hex(
    canonicalJson({
      panel: await Promise.all(panel.members.map(profileDigest)),
      aggregate: panel.aggregate,
      quorum: panel.quorum,
      weights: panel.weights,
    }),
  );
  panelDigests.set(panel, digest);
  return digest;
}

export interface CellIdentityInput {
  content: string;
  context?: string | undefined;
  reality?: Reality | undefined;
  rubric: { id: string; version: number };
  /** The judge a request names: one profile, or a panel (`members` set). */
  profile: JudgeProfile | PanelJudge;
}

export interface CellIdentity {
  /** The explicit id, or `c_` + the first 32 hex chars of the content digest. */
  cellId: string;
  /** Full digest of everything that determines the judgment; a cell never holds two. */
  contentDigest: string;
}

/**
 * Identifies a cell: identical requests derive the same id (README "Judge something").
 *
 * @example
 * const { cellId } = await cellIdentity({ content: "x", rubric: { id: "cynic-36", version: 1 }, profile });
 * cellId; // "c_" + 32 hex chars
 */
export async function cellIdentity(input: CellIdentityInput, explicitCellId?: string): Promise<CellIdentity> {
  const contentDigest = await sha256Hex(
    canonicalJson({
      content: input.content,
      context: input.context,
      reality: input.reality,
      rubric: formatRubricRef(input.rubric),
      judge: "members" in input.profile ? await panelDigest(input.profile) : await profileDigest(input.profile),
    }),
  );
  return { cellId: explicitCellId ?? `c_${contentDigest.slice(0, 32)}`, contentDigest };
}
