import { h } from "./dom.ts";
import { percent, score } from "./format.ts";

/**
 * Small view pieces shared by the pages. A verdict is always written out and carries a shape, so its
 * colour is never the only way to tell it.
 */

const VERDICT_MARKS: Record<string, string> = { HOWL: "▲", WAG: "●", GROWL: "◆", BARK: "▼" };

export function verdictBadge(verdict: string | null | undefined, attributes: Record<string, string> = {}): HTMLElement {
  if (!verdict) return h("span", { class: "verdict verdict-none", ...attributes }, "–");
  return h(
    "span",
    { class: `verdict verdict-${verdict.toLowerCase()}`, ...attributes },
    h("span", { class: "verdict-mark", "aria-hidden": "true" }, VERDICT_MARKS[verdict] ?? "■"),
    h("span", { class: "verdict-text" }, verdict),
  );
}

export function statusBadge(status: string): HTMLElement {
  return h("span", { class: `status status-${status.replaceAll("_", "-")}` }, status.replaceAll("_", " "));
}

/** A 0–100 bar; `null` shows an empty, unscored bar. The value is set through the CSSOM (CSP allows it). */
export function scoreBar(value: number | null, label: string, options: { threshold?: number; failed?: boolean } = {}): HTMLElement {
  const fill = h("span", { class: "bar-fill" });
  const bar = h(
    "span",
    { class: `bar${options.failed ? " bar-failed" : ""}`, role: "meter", "aria-label": label, "aria-valuemin": 0, "aria-valuemax": 100 },
    fill,
  );
  if (options.threshold !== undefined) {
    bar.dataset.threshold = String(options.threshold);
    const tick = h("span", { class: "bar-threshold", title: `threshold ${options.threshold}` });
    tick.style.left = percent(options.threshold);
    bar.appendChild(tick);
  }
  setBar(bar, value);
  return bar;
}

export function setBar(bar: HTMLElement, value: number | null): void {
  const fill = bar.querySelector<HTMLElement>(".bar-fill");
  if (fill) fill.style.width = percent(value ?? 0);
  const threshold = bar.dataset.threshold === undefined ? undefined : Number(bar.dataset.threshold);
  const low = value !== null && threshold !== undefined && value < threshold;
  bar.classList.toggle("bar-low", low);
  if (value === null) {
    bar.removeAttribute("aria-valuenow");
    bar.setAttribute("aria-valuetext", "not scored");
  } else {
    bar.setAttribute("aria-valuenow", String(value));
    bar.setAttribute("aria-valuetext", low ? `${score(value)}, below its threshold ${threshold}` : score(value));
  }
}

/** A labelled figure: a small caption over a large value. */
export function figure(caption: string, value: Node | string, attributes: Record<string, string> = {}): HTMLElement {
  return h("div", { class: "figure" }, h("span", { class: "figure-caption" }, caption), h("span", { class: "figure-value", ...attributes }, value));
}
