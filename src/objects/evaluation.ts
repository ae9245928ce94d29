import type { EvaluationRequest } from "../schemas/evaluation.ts";

/**
 * What the Worker sees of an evaluation's Durable Object (durable-objects/evaluation/): one per
 * evaluation id, which drives its items through ordinary judgment or comparison cells.
 */

export interface EvaluationStart {
  evaluationId: string;
  request: EvaluationRequest;
  createdAt: number;
}

export function evaluationStub(env: Env, evaluationId: string) {
  return env.EVALUATION.get(env.EVALUATION.idFromName(evaluationId));
}
