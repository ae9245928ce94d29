import { html } from "hono/html";
import { REALITIES, VERDICTS } from "../judge/types.ts";

/**
 * The `<main>` of each page: headings, forms and empty regions with stable ids that the client module
 * fills from the API. Every control has a label; regions that change announce themselves politely.
 */

const options = (values: readonly string[], empty: string) =>
  html`<option value="">${empty}</option>${values.map((value) => html`<option value="${value}">${value}</option>`)}`;

/** The loading / problem line every page shows while it waits or when a request fails. */
const notice = html`<p class="notice" id="notice" role="status" aria-live="polite">Loading…</p>`;

export const judgmentsMain = html`
<div class="page-head">
  <h1>Judgments</h1>
  <a class="button" href="/live">New judgment</a>
</div>
<form id="filters" class="filters card" role="search" aria-label="Filter judgments">
  <div class="field"><label for="f-verdict">Verdict</label><select id="f-verdict" name="verdict">${options(VERDICTS, "Any verdict")}</select></div>
  <div class="field"><label for="f-reality">Reality</label><select id="f-reality" name="reality">${options(REALITIES, "Any reality")}</select></div>
  <div class="field"><label for="f-since">Since</label><input id="f-since" name="since" type="datetime-local"></div>
  <div class="field actions"><button type="submit">Apply</button><button type="reset" class="secondary">Clear</button></div>
</form>
${notice}
<table class="list" id="judgments" hidden>
  <caption class="visually-hidden">Judgments, newest first</caption>
  <thead><tr><th scope="col">Cell</th><th scope="col">Verdict</th><th scope="col" class="num">Q-score</th><th scope="col" class="num">Confidence</th><th scope="col">Judge</th><th scope="col">Created</th></tr></thead>
  <tbody></tbody>
</table>
<div class="more"><button type="button" id="more" class="secondary" hidden>Load older judgments</button></div>
`;

export const judgmentMain = html`
<div class="page-head">
  <h1>Judgment <code id="cell-title"></code></h1>
  <a class="button secondary" href="/">All judgments</a>
</div>
${notice}
<div id="judgment" hidden></div>
`;

export const liveMain = html`
<div class="page-head"><h1>Live judgment</h1></div>
<div class="live">
  <form id="live-form" class="card live-form">
    <div class="field wide">
      <label for="l-content">Content to judge</label>
      <textarea id="l-content" name="content" rows="9" required spellcheck="false">function add(a, b) {
  return a + b;
}</textarea>
    </div>
    <div class="field"><label for="l-cell">Cell id</label><input id="l-cell" name="cell_id" required pattern="[A-Za-z0-9._:\\-]{1,128}" spellcheck="false" aria-describedby="l-cell-help"><small id="l-cell-help">A fresh id is proposed for each judgment; reuse one to see its cached judgment.</small></div>
    <div class="field"><label for="l-reality">Reality</label><select id="l-reality" name="reality">${options(REALITIES, "None (equal axiom weights)")}</select></div>
    <div class="field"><label for="l-rubric">Rubric</label><select id="l-rubric" name="rubric"><option value="cynic-36">cynic-36</option></select></div>
    <div class="field"><label for="l-judge">Judge profile</label><input id="l-judge" name="judge" value="default" required spellcheck="false"></div>
    <div class="field check"><input id="l-async" name="async" type="checkbox"><label for="l-async">Reply at once (<code>Prefer: respond-async</code>)</label></div>
    <div class="field actions"><button type="submit" id="l-submit">Judge</button></div>
  </form>
  <section class="card live-result" aria-labelledby="live-progress-title">
    <h2 id="live-progress-title">Progress</h2>
    <p class="notice" id="notice" role="status" aria-live="polite">Submit content to watch it being judged, dimension by dimension.</p>
    <div class="progress-line"><progress id="l-progress" max="35" value="0" aria-label="Dimensions scored"></progress><span id="l-count">0 / 35</span></div>
    <div id="l-summary" class="summary" hidden></div>
    <div id="l-dimensions" class="dimension-groups"></div>
  </section>
</div>
`;

export const batchesMain = html`
<div class="page-head"><h1>Batches</h1></div>
${notice}
<table class="list" id="batches" hidden>
  <caption class="visually-hidden">Batches, newest first</caption>
  <thead><tr><th scope="col">Batch</th><th scope="col">Status</th><th scope="col">Progress</th><th scope="col" class="num">Failed</th><th scope="col">Created</th><th scope="col">Results</th></tr></thead>
  <tbody></tbody>
</table>
`;

export const statusMain = html`
<div class="page-head"><h1>Status</h1><p class="muted" id="status-updated" aria-live="off"></p></div>
${notice}
<div id="status" hidden></div>
`;
