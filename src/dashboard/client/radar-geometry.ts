/**
 * Geometry of the axiom radar chart: one spoke per axiom, clockwise from the top, a score of 100 on
 * the rim. Pure: no DOM, unit-tested in Node.
 */

export interface Point {
  x: number;
  y: number;
}

const round = (value: number) => Math.round(value * 100) / 100;

/** The point at `value` (0–100) on spoke `index` of `count`, for a chart of `radius` centred on 0,0. */
export function spokePoint(index: number, count: number, value: number, radius: number): Point {
  const angle = (2 * Math.PI * index) / count - Math.PI / 2;
  const length = (Math.max(0, Math.min(100, value)) / 100) * radius;
  return { x: round(Math.cos(angle) * length), y: round(Math.sin(angle) * length) };
}

/** SVG `points` of the polygon joining `values` on their spokes. */
export function polygonPoints(values: readonly number[], radius: number): string {
  return values.map((value, index) => spokePoint(index, values.length, value, radius)).map(({ x, y }) => `${x},${y}`).join(" ");
}

/** Where a spoke's label goes and how it is anchored, so labels stay outside the rim. */
export function labelPlacement(index: number, count: number, radius: number): Point & { anchor: "start" | "middle" | "end" } {
  const point = spokePoint(index, count, 100, radius);
  const anchor = Math.abs(point.x) < radius * 0.1 ? "middle" : point.x > 0 ? "start" : "end";
  return { ...point, anchor };
}
