import type { JudgeProfile, PanelJudge } from "../config.ts";
import type { Reality } from "../judge/types.ts";
import { canonicalJson, panelDigest, profileDigest, sha256Hex } from "./identity.ts";
import { formatRubricRef } from "../rubrics/ref.ts";

export interface ComparisonIdentityInput {
  a: string;
  b: string;
  context?: string | undefined;
  reality?: Reality | undefined;
  rubric: { id: string; version: number };
  /** The judge a request names: one profile, or a panel (`members` set). */
  profile: JudgeProfile | PanelJudge;
}

/**
 * Identifies a comparison cell: `cmp_` + 32 hex of the digest of the pair, sorted so that (a, b) and
 * (b, a) are one cell, with everything else that determines the outcome (as for judgments).
 *
 * @example
 * const { cellId } = await comparisonIdentity({ a: "x", b: "y", rubric: { id: "cynic-36", version: 1 }, profile });
 * cellId; // "cmp_" + 32 hex chars, the same for { a: "y", b: "x" }
 */
export async function comparisonIdentity(input: ComparisonIdentityInput, explicitId?: string): Promise<{ cellId: string; contentDigest: string }> {
  const pair = [input.a, input.b].sort();
  const contentDigest = await sha256Hex(
    canonicalJson({
      kind: "comparison",
      pair,
      context: input.context,
      reality: input.reality,
      rubric: formatRubricRef(input.rubric),
      judge: "members" in input.profile ? await panelDigest(input.profile) : await profileDigest(input.profile),
    }),
  );
  return { cellId: explicitId ?? `cmp_${contentDigest.slice(0, 32)}`, contentDigest };
}
