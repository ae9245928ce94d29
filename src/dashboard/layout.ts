import { html } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";

/** Where the dashboard's built script, stylesheet and icon live under the Worker's static assets. */
export const DASHBOARD_ASSET_PREFIX = "/ui/";

export type PageName = "judgments" | "judgment" | "live" | "batches" | "status";

export interface PageShell {
  page: PageName;
  title: string;
  /** Rendered into `data-*` attributes of `<body>` for the client module (never a secret). */
  data?: Record<string, string>;
  /** Whether the API needs a key: the client then asks for one before its first request. */
  keyRequired: boolean;
  main: HtmlEscapedString | Promise<HtmlEscapedString>;
}

const NAV: { page: PageName; href: string; label: string }[] = [
  { page: "judgments", href: "/", label: "Judgments" },
  { page: "live", href: "/live", label: "Live" },
  { page: "batches", href: "/batches", label: "Batches" },
  { page: "status", href: "/status", label: "Status" },
];

/** `data-*` attributes; the values are escaped by the `html` template. */
function dataAttributes(data: Record<string, string>) {
  return Object.entries(data).map(([name, value]) => html` data-${name}="${value}"`);
}

/**
 * The HTML every dashboard page shares: navigation, the API-key prompt (hidden until the client needs
 * it) and the page's own `<main>`. The client module fills the page from the API; nothing here needs a key.
 */
export function pageShell(shell: PageShell) {
  const current = shell.page === "judgment" ? "judgments" : shell.page;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${shell.title} · Judgment API</title>
<link rel="icon" href="${DASHBOARD_ASSET_PREFIX}icon.svg" type="image/svg+xml">
<link rel="stylesheet" href="${DASHBOARD_ASSET_PREFIX}dashboard.css">
<script type="module" src="${DASHBOARD_ASSET_PREFIX}dashboard.js"></script>
</head>
<body data-page="${shell.page}" data-key="${shell.keyRequired ? "required" : "optional"}"${dataAttributes(shell.data ?? {})}>
<a class="skip" href="#main">Skip to content</a>
<header class="top">
  <a class="brand" href="/"><img src="${DASHBOARD_ASSET_PREFIX}icon.svg" alt="" width="24" height="24"> Judgment API</a>
  <nav aria-label="Dashboard">
    <ul>
      ${NAV.map((item) => html`<li><a href="${item.href}"${item.page === current ? html` aria-current="page"` : ""}>${item.label}</a></li>`)}
      <li><a href="/docs">API docs</a></li>
    </ul>
  </nav>
  <div class="key-state" id="key-state" hidden>
    <span>Key in this tab</span>
    <button type="button" id="key-forget" class="link">Forget key</button>
  </div>
</header>
<section class="key-prompt" id="key-prompt" aria-labelledby="key-prompt-title" hidden>
  <form id="key-form" class="card" autocomplete="off">
    <h2 id="key-prompt-title">API key needed</h2>
    <p>This API requires a key. It stays in this browser tab (session storage) and is sent only to this origin.</p>
    <p class="problem" id="key-error" role="alert" hidden></p>
    <label for="key-input">API key</label>
    <div class="row">
      <input id="key-input" name="api_key" type="password" autocomplete="off" required spellcheck="false" autocapitalize="off">
      <button type="submit">Use key</button>
    </div>
  </form>
</section>
<main id="main" tabindex="-1">
${shell.main}
</main>
</body>
</html>
`;
}
