import generated from "./examples.json" with { type: "json" };

/** A JSON object as recorded; its shape is the schema's, which the docs-examples test checks. */
type Recorded = Record<string, unknown>;

/**
 * The OpenAPI document's whole-object examples: real replies of the Worker, recorded by
 * `npm run docs:examples` (scripts/docs-examples.ts) and checked against the Worker by
 * test/integration/docs-examples.test.ts.
 */
export const EXAMPLES = generated as {
  /** The judgment request "Try it out" sends: no fixed cell_id, so it never conflicts. */
  request: Recorded & { content: string };
  /** A completed judgment by the offline heuristic judge. */
  completed: Recorded;
  /** A 202 and the headers sent with it. */
  accepted: { location: string; link: string; body: Recorded };
  /** Real problem replies, by code (codes not listed have a generic example). */
  problems: Partial<Record<string, Recorded>>;
};
