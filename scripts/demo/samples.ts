import type { JudgmentRequest } from "../../src/client/index.ts";

/** One thing the demo asks the API to judge. */
export interface Sample {
  /** Short label, also part of the sample's cell id. */
  name: string;
  kind: string;
  reality: NonNullable<JudgmentRequest["reality"]>;
  content: string;
  context?: string;
}

/** The three samples of `npm run demo`: a code snippet, a paragraph and a decision. */
export const SAMPLES: readonly Sample[] = [
  {
    name: "code",
    kind: "code snippet",
    reality: "CODE",
    content: `/** Sums the prices of the items in a cart, in cents, so rounding never drifts. */
export function cartTotal(items: { priceCents: number; quantity: number }[]): number {
  return items.reduce((total, item) => total + item.priceCents * item.quantity, 0);
}`,
  },
  {
    name: "paragraph",
    kind: "paragraph",
    reality: "SOCIAL",
    content:
      "Our community garden grew from four plots to forty in two years because neighbours kept showing up: " +
      "someone fixed the fence, someone else started a seed library, and the local school now brings a class " +
      "every Friday. We still argue about the compost rota, but we argue in person, and that is the point.",
  },
  {
    name: "decision",
    kind: "decision",
    reality: "HUMAN",
    content:
      "Decision: we will move the weekly release from Friday to Tuesday. Fridays left incidents to whoever was " +
      "on call over the weekend; Tuesday gives the team three working days to watch each release. The cost is " +
      "one more day before features reach users, which product has accepted.",
    context: "An engineering team of eight, deploying a web application weekly.",
  },
];
