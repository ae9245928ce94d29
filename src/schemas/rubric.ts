import { z } from "@hono/zod-openapi";
import { REALITIES, type Reality } from "../judge/types.ts";
import { countDimensions } from "../rubrics/count-dimensions.ts";

/** Custom rubrics as clients register and read them (`POST /v1/rubrics`). */

const UPPER_SNAKE = /^[A-Z][A-Z0-9_]{0,63}$/;
export const RUBRIC_ID_PATTERN = /^[a-z0-9][a-z0-9._-]{0,63}$/;
export const MAX_AXIOMS = 12;
export const MAX_DIMENSIONS = 64;
/** Computed by the math, never asked of a model, so no rubric may name a dimension after it. */
const RESERVED_IDS = new Set(["THE_UNNAMEABLE"]);

const upperSnake = z.string().regex(UPPER_SNAKE, "an upper-snake id such as CODE_QUALITY (≤ 64 chars)");
const weight = z.number().positive("weights must be > 0").max(1_000);
const band = z.number().min(0).max(100);

const DimensionDefinitionSchema = z.strictObject({
  id: upperSnake,
  description: z.string().trim().min(1).max(1_000).openapi({ description: "What the judge is asked, in words a model can act on." }),
  weight: weight.default(1).openapi({ description: "Weight inside its axiom." }),
  threshold: band.default(50).openapi({ description: "Scores below this are flagged." }),
});

const AxiomDefinitionSchema = z.strictObject({
  id: upperSnake,
  description: z.string().trim().max(1_000).default(""),
  dimensions: z.array(DimensionDefinitionSchema).min(1, "an axiom needs at least one dimension"),
});

const VerdictBandsSchema = z
  .strictObject({ HOWL: band, WAG: band, GROWL: band })
  .refine((bands) => bands.HOWL > bands.WAG && bands.WAG > bands.GROWL, "verdict bands must satisfy HOWL > WAG > GROWL")
  .openapi({ description: "Minimum Q of each verdict; below GROWL is BARK." });

export const RubricDefinitionSchema = z
  .strictObject({
    id: z.string().regex(RUBRIC_ID_PATTERN, "1–64 chars of [a-z0-9._-], starting with a letter or digit"),
    description: z.string().trim().max(2_000).default(""),
    axioms: z.array(AxiomDefinitionSchema).min(1).max(MAX_AXIOMS),
    reality_weights: z.partialRecord(z.enum(REALITIES), z.record(z.string(), weight)).default({}).openapi({
      description: "Axiom weights per reality; axioms not named weigh 1, and no reality weighs every axiom 1.",
    }),
    verdicts: VerdictBandsSchema.default({ HOWL: 80, WAG: 50, GROWL: 38.2 }),
  })
  .superRefine((rubric, ctx) => {
    const dimensionCount = countDimensions(rubric);
    if (dimensionCount > MAX_DIMENSIONS) {
      ctx.addIssue({ code: "custom", path: ["axioms"], message: `at most ${MAX_DIMENSIONS} dimensions in all, got ${dimensionCount}` });
    }
    const seen = new Set<string>();
    rubric.axioms.forEach((axiom, a) => {
      const ids = [{ id: axiom.id, path: ["axioms", a, "id"] }, ...axiom.dimensions.map((d, i) => ({ id: d.id, path: ["axioms", a, "dimensions", i, "id"] }))];
      for (const { id, path } of ids) {
        if (seen.has(id)) ctx.addIssue({ code: "custom", path, message: `id ${id} is used twice` });
        if (RESERVED_IDS.has(id)) ctx.addIssue({ code: "custom", path, message: `${id} is reserved` });
        seen.add(id);
      }
    });
    const axiomIds = new Set(rubric.axioms.map((axiom) => axiom.id));
    for (const [reality, weights] of Object.entries(rubric.reality_weights)) {
      for (const axiom of Object.keys(weights ?? {})) {
        if (!axiomIds.has(axiom)) {
          ctx.addIssue({ code: "custom", path: ["reality_weights", reality, axiom], message: `no axiom ${axiom} in this rubric` });
        }
      }
    }
  })
  .openapi("RubricDefinition", {
    example: {
      id: "code-review",
      description: "A small rubric for pull requests",
      axioms: [
        { id: "CORRECTNESS", description: "Does it work?", dimensions: [{ id: "TESTED", description: "Behaviour is covered by tests", weight: 1.618, threshold: 60 }] },
        { id: "CLARITY", description: "Can others read it?", dimensions: [{ id: "NAMING", description: "Names say what things are", weight: 1, threshold: 50 }] },
      ],
      reality_weights: { CODE: { CORRECTNESS: 2 } },
      verdicts: { HOWL: 80, WAG: 50, GROWL: 38.2 },
    },
  });

export type RubricDefinition = z.output<typeof RubricDefinitionSchema>;

export const RubricSchema = z
  .object({
    id: z.string(),
    version: z.number().int().min(1),
    built_in: z.boolean(),
    description: z.string(),
    axioms: z.array(
      z.object({
        id: z.string(),
        description: z.string(),
        dimensions: z.array(z.object({ id: z.string(), description: z.string(), weight: z.number(), threshold: z.number() })),
      }),
    ),
    reality_weights: z.partialRecord(z.enum(REALITIES), z.record(z.string(), z.number())),
    verdicts: z.object({ HOWL: z.number(), WAG: z.number(), GROWL: z.number() }),
    created_at: z.string().nullable().openapi({ format: "date-time" }),
  })
  .openapi("Rubric");

export type RubricView = z.output<typeof RubricSchema>;

export const RubricSummarySchema = z
  .object({
    id: z.string(),
    version: z.number().int(),
    built_in: z.boolean(),
    description: z.string(),
    axioms: z.number().int(),
    dimensions: z.number().int(),
  })
  .openapi("RubricSummary");

export const RubricListSchema = z.object({ items: z.array(RubricSummarySchema) }).openapi("RubricList");

export type RubricList = z.output<typeof RubricListSchema>;

export type RealityWeights = Partial<Record<Reality, Record<string, number>>>;
