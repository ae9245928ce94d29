import { expect } from "vitest";
import { json, postJson, uniqueName } from "../../support/workers/http.ts";

/**
 * The rubric of the panel tests: one axiom of three equally weighted dimensions, so every figure of a
 * panel judgment can be worked by hand from the jurors' planned scores (test/support/judge-profiles.ts).
 */
export async function registerTrioRubric(): Promise<string> {
  const id = uniqueName("trio").toLowerCase();
  const reply = await postJson("/v1/rubrics", {
    id,
    description: "three dimensions, one axiom",
    axioms: [
      {
        id: "FORM",
        description: "how it is made",
        dimensions: [
          { id: "CLARITY", description: "says what it means", weight: 1, threshold: 50 },
          { id: "RIGOR", description: "holds up to checking", weight: 1, threshold: 50 },
          { id: "NOVELTY", description: "brings something new", weight: 1, threshold: 50 },
        ],
      },
    ],
  });
  expect(reply.status).toBe(201);
  const rubric = await json<{ id: string; version: number }>(reply);
  return `${rubric.id}@${rubric.version}`;
}

export type JuryJudgment = {
  cell_id: string;
  judgment_id: string;
  status: string;
  cached: boolean;
  q_score: number | null;
  verdict: string | null;
  confidence: number | null;
  axioms: Record<string, number>;
  flags: string[];
  judge: { profile: string; provider: string; model: string; scoring_fallbacks?: number };
  dimensions: Record<string, { score: number | null; status: string; rationale: string | null; jurors?: Record<string, number | null>; scoring?: string; raw_score?: number }>;
  usage: { llm_calls: number; input_tokens: number; output_tokens: number; cost_usd: number };
  jury?: {
    aggregate: string;
    quorum: number;
    members: { profile: string; provider: string; model: string; status: string; usage: { llm_calls: number; input_tokens: number; output_tokens: number; cost_usd: number }; error?: { code: string; message: string } }[];
    agreement: { alpha: number | null; mean_spread: number | null };
    disagreements: string[];
  };
  error?: { code: string; message: string };
};
