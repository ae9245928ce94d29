import type { Judgment } from "../../client/index.ts";
import { h } from "./dom.ts";
import { confidence, score } from "./format.ts";

/**
 * The jury section of a judgment made by a panel of judges. The judgment schema gains these fields
 * with panels of judges; until then they are read as optional, and a judgment without `jury`
 * has no such section.
 */
export interface JuryDocument {
  aggregate: string;
  quorum: number;
  members: { profile: string; provider: string; model: string; status: string; error?: { code: string; message: string } }[];
  agreement: { alpha: number | null; mean_spread: number | null };
  disagreements: string[];
}

type Dimensions = Judgment["dimensions"];
type JurorScores = Record<string, number | null>;

const jurorsOf = (dimension: Dimensions[string]) => (dimension as { jurors?: JurorScores }).jurors ?? {};

function spread(scores: JurorScores): number | null {
  const values = Object.values(scores).filter((value): value is number => typeof value === "number");
  return values.length < 2 ? null : Math.max(...values) - Math.min(...values);
}

export function juryView(jury: JuryDocument, dimensions: Dimensions): HTMLElement {
  const names = jury.members.map((member) => member.profile);
  const disagreements = new Set(jury.disagreements);
  return h(
    "section",
    { class: "card", "aria-labelledby": "jury-title" },
    h("h2", { id: "jury-title" }, "Jury"),
    h(
      "dl",
      { class: "facts inline" },
      h("dt", {}, "Aggregate"), h("dd", {}, jury.aggregate),
      h("dt", {}, "Quorum"), h("dd", {}, String(jury.quorum)),
      h("dt", {}, "Krippendorff's α"), h("dd", { "data-field": "alpha" }, confidence(jury.agreement.alpha)),
      h("dt", {}, "Mean spread"), h("dd", {}, score(jury.agreement.mean_spread)),
      h("dt", {}, "Disagreements"), h("dd", {}, jury.disagreements.length === 0 ? "none" : jury.disagreements.join(", ")),
    ),
    h(
      "ul",
      { class: "members" },
      ...jury.members.map((member) => h("li", {}, h("strong", {}, member.profile), ` ${member.provider}/${member.model} · ${member.status}`, member.error ? h("span", { class: "problem" }, ` ${member.error.code}: ${member.error.message}`) : null)),
    ),
    h(
      "div",
      { class: "scroll" },
      h(
        "table",
        { class: "jurors" },
        h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Dimension"), ...names.map((name) => h("th", { scope: "col", class: "num" }, name)), h("th", { scope: "col", class: "num" }, "Spread"))),
        h(
          "tbody",
          {},
          ...Object.entries(dimensions).map(([id, dimension]) => {
            const scores = jurorsOf(dimension);
            const disagreed = disagreements.has(id);
            return h(
              "tr",
              { class: disagreed ? "flagged" : undefined },
              h("th", { scope: "row" }, id, disagreed ? h("span", { class: "tag" }, "disagreement") : null),
              ...names.map((name) => h("td", { class: "num" }, score(scores[name] ?? null))),
              h("td", { class: "num" }, score(spread(scores))),
            );
          }),
        ),
      ),
    ),
  );
}
