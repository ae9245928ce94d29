import type { Rubric } from "../judge/types.ts";
import type { RubricDefinition, RubricSummarySchema, RubricView } from "../schemas/rubric.ts";
import { countDimensions } from "./count-dimensions.ts";
import type { z } from "@hono/zod-openapi";

/** The judge's rubric for a validated definition registered as `version`. */
export function rubricFromDefinition(definition: RubricDefinition, version: number): Rubric {
  return {
    id: definition.id,
    version,
    description: definition.description,
    axioms: definition.axioms.map((axiom) => ({
      id: axiom.id,
      description: axiom.description,
      dimensions: axiom.dimensions.map((dimension) => ({ ...dimension, axiom: axiom.id })),
    })),
    realityWeights: definition.reality_weights,
    verdicts: definition.verdicts,
  };
}

/** The definition a rubric was registered with (what its digest covers: everything but the version). */
export function definitionOf(rubric: Rubric): RubricDefinition {
  return {
    id: rubric.id,
    description: rubric.description,
    axioms: rubric.axioms.map((axiom) => ({
      id: axiom.id,
      description: axiom.description,
      dimensions: axiom.dimensions.map(({ id, description, weight, threshold }) => ({ id, description, weight, threshold })),
    })),
    reality_weights: rubric.realityWeights,
    verdicts: rubric.verdicts,
  };
}

/** The API's view of a rubric. */
export function rubricView(rubric: Rubric, meta: { builtIn: boolean; createdAt: number | null }): RubricView {
  return {
    ...definitionOf(rubric),
    version: rubric.version,
    built_in: meta.builtIn,
    created_at: meta.createdAt === null ? null : new Date(meta.createdAt).toISOString(),
  };
}

export function rubricSummary(rubric: Rubric, builtIn: boolean): z.output<typeof RubricSummarySchema> {
  return {
    id: rubric.id,
    version: rubric.version,
    built_in: builtIn,
    description: rubric.description,
    axioms: rubric.axioms.length,
    dimensions: countDimensions(rubric),
  };
}
