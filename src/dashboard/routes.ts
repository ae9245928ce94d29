import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { configOf } from "../config.ts";
import { ApiError } from "../errors.ts";
import { CellIdSchema } from "../schemas/judgment.ts";
import { problemResponses } from "../schemas/problem.ts";
import { DASHBOARD_CONTENT_SECURITY_POLICY } from "./content-security.ts";
import { DASHBOARD_ASSET_PREFIX, pageShell, type PageShell } from "./layout.ts";
import { batchesMain, judgmentMain, judgmentsMain, liveMain, statusMain } from "./pages.ts";

/**
 * The dashboard: HTML pages served by the Worker at the API's origin. Each page is a shell that the
 * client module (src/dashboard/client, built into the static assets under /ui/) fills from the API
 * with the caller's key, so the pages themselves hold no data and need no key.
 */

const htmlReply = { 200: { description: "The page", content: { "text/html": { schema: z.string() } } } };

const page = (path: string, operationId: string, summary: string) =>
  createRoute({ method: "get", path, tags: ["dashboard"], operationId, summary, responses: htmlReply });

const judgmentsPage = page("/", "getJudgmentsPage", "Dashboard: the judgments, newest first, with filters");
const livePage = page("/live", "getLivePage", "Dashboard: submit content and watch it being judged");
const batchesPage = page("/batches", "getBatchesPage", "Dashboard: batches and their live progress");
const statusPage = page("/status", "getStatusPage", "Dashboard: the /health figures, refreshed");

const judgmentPage = createRoute({
  method: "get",
  path: "/judgments/{cell_id}",
  tags: ["dashboard"],
  operationId: "getJudgmentPage",
  summary: "Dashboard: one judgment (axioms, radar chart, dimensions, usage, jury)",
  request: { params: z.object({ cell_id: CellIdSchema }) },
  responses: { ...htmlReply, ...problemResponses("invalid_request") },
});

const assetRoute = createRoute({
  method: "get",
  path: "/ui/{file}",
  tags: ["dashboard"],
  operationId: "getDashboardFile",
  summary: "A file of the dashboard (its script, stylesheet and icon)",
  description: "Served from the Worker's static assets; in production the asset router answers before the Worker runs.",
  request: {
    params: z.object({
      file: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, "a file name").openapi({ example: "dashboard.js" }),
    }),
  },
  responses: {
    200: {
      description: "The file, with its media type",
      content: { "text/javascript": { schema: z.string() }, "text/css": { schema: z.string() }, "image/svg+xml": { schema: z.string() } },
    },
    ...problemResponses("invalid_request", "not_found"),
  },
});

/** A dashboard file from the Worker's static assets, or a 404 problem. */
async function assetReply(c: Context<{ Bindings: Env }>, file: string): Promise<Response> {
  const reply = await c.env.ASSETS.fetch(new URL(`${DASHBOARD_ASSET_PREFIX}${file}`, c.req.url));
  if (reply.status === 404) {
    await reply.body?.cancel();
    throw new ApiError("not_found", `no dashboard file ${file}`);
  }
  return reply as unknown as Response;
}

/** A page reply with the dashboard's own Content-Security-Policy (the security middleware keeps it). */
function render(c: Context<{ Bindings: Env }>, shell: Omit<PageShell, "keyRequired">) {
  c.header("content-security-policy", DASHBOARD_CONTENT_SECURITY_POLICY);
  return c.html(pageShell({ ...shell, keyRequired: configOf(c.env).apiKeyDigests.length > 0 }), 200);
}

export const dashboard = new OpenAPIHono<{ Bindings: Env }>()
  .openapi(judgmentsPage, (c) => render(c, { page: "judgments", title: "Judgments", main: judgmentsMain }))
  .openapi(judgmentPage, (c) => {
    const { cell_id: cellId } = c.req.valid("param");
    return render(c, { page: "judgment", title: `Judgment ${cellId}`, data: { "cell-id": cellId }, main: judgmentMain });
  })
  .openapi(livePage, (c) => render(c, { page: "live", title: "Live", main: liveMain }))
  .openapi(batchesPage, (c) => render(c, { page: "batches", title: "Batches", main: batchesMain }))
  .openapi(statusPage, (c) => render(c, { page: "status", title: "Status", main: statusMain }))
  // Where the Worker runs before the asset router (the test pool), it serves the files itself.
  .openapi(assetRoute, (c) => assetReply(c, c.req.valid("param").file));
