import type { EvaluationRequest } from "../schemas/evaluation.ts";
import { tenantObjectName } from "../security/tenant.ts";

/**
 * What the Worker sees of an evaluation's Durable Object (durable-objects/evaluation/): one per
 * evaluation id, which drives its items through ordinary judgment or comparison cells.
 */

export interface EvaluationStart {
  /** Whose evaluation it is: its items go to this tenant's cells. */
  tenant: string;
  evaluationId: string;
  request: EvaluationRequest;
  createdAt: number;
}

/** A tenant's evaluation object: one per (tenant, evaluation id), named by both. */
export function evaluationStub(env: Env, tenant: string, evaluationId: string) {
  return env.EVALUATION.get(env.EVALUATION.idFromName(tenantObjectName(tenant, evaluationId)));
}
