import { s } from "./dom.ts";
import { score } from "./format.ts";
import { labelPlacement, polygonPoints, spokePoint } from "./radar-geometry.ts";

const RADIUS = 100;
const RINGS = [25, 50, 75, 100];

/**
 * The axioms as a radar chart (an SVG with a text alternative: the same figures are in the axiom bars
 * next to it). Fewer than three axioms make no polygon, so then there is no chart.
 */
export function radarChart(axioms: Record<string, number>): SVGSVGElement | undefined {
  const entries = Object.entries(axioms);
  if (entries.length < 3) return undefined;
  const count = entries.length;
  const values = entries.map(([, value]) => value);
  const label = `Radar chart of the axiom scores: ${entries.map(([id, value]) => `${id} ${score(value)}`).join(", ")}`;
  return s(
    "svg",
    { class: "radar", viewBox: "-215 -132 430 262", role: "img", "aria-label": label },
    ...RINGS.map((ring) => s("polygon", { class: "radar-ring", points: polygonPoints(values.map(() => ring), RADIUS) })),
    ...entries.map((_, index) => {
      const rim = spokePoint(index, count, 100, RADIUS);
      return s("line", { class: "radar-spoke", x1: 0, y1: 0, x2: rim.x, y2: rim.y });
    }),
    s("polygon", { class: "radar-shape", points: polygonPoints(values, RADIUS) }),
    ...entries.map(([, value], index) => {
      const point = spokePoint(index, count, value, RADIUS);
      return s("circle", { class: "radar-dot", cx: point.x, cy: point.y, r: 3.5 });
    }),
    ...entries.map(([id, value], index) => {
      const place = labelPlacement(index, count, RADIUS + 14);
      const dy = place.y < -RADIUS ? -4 : place.y > RADIUS * 0.5 ? 14 : 4;
      return s("text", { class: "radar-label", x: place.x, y: place.y + dy, "text-anchor": place.anchor }, `${id} `, s("tspan", { class: "radar-value" }, score(value)));
    }),
  );
}
