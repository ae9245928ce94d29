import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { ApiError } from "../errors.ts";
import { problemResponses } from "../schemas/problem.ts";

/**
 * The interactive docs: Swagger UI, whose files are the Worker's static assets in
 * src/openapi/assets/docs/ (no CDN, so the page works offline, and the Worker bundle stays small).
 */

/** Where the page's static files live, under the Worker's static assets. */
const DOCS_ASSET_PREFIX = "/docs/";

/** The page's own files: symlinks into `swagger-ui-dist` (a dev dependency) and its start script. */
const DOCS_ASSETS = ["swagger-ui.css", "swagger-ui-bundle.js", "swagger-init.js"] as const;

/** The HTML of `GET /docs`, loading Swagger UI on the document at `specUrl`. */
function docsPage(specUrl: string): string {
  const asset = (file: (typeof DOCS_ASSETS)[number]) => `${DOCS_ASSET_PREFIX}${file}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Edge judgment API · docs</title>
<link rel="stylesheet" href="${asset("swagger-ui.css")}">
</head>
<body>
<div id="swagger-ui" data-spec-url="${specUrl}"></div>
<script src="${asset("swagger-ui-bundle.js")}"></script>
<script src="${asset("swagger-init.js")}"></script>
</body>
</html>
`;
}

const pageRoute = createRoute({
  method: "get",
  path: "/docs",
  operationId: "getDocs",
  tags: ["docs"],
  summary: "Interactive API docs (Swagger UI), served by the Worker: no CDN, works offline",
  responses: {
    200: { description: "The docs page", content: { "text/html": { schema: z.string() } } },
  },
});

const assetRoute = createRoute({
  method: "get",
  path: "/docs/{file}",
  operationId: "getDocsAsset",
  tags: ["docs"],
  summary: "A file of the docs page (Swagger UI's script and style)",
  description: "Served from the Worker's static assets; in production the asset router answers before the Worker runs.",
  request: {
    params: z.object({
      file: z
        .string()
        .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, "a file name")
        .openapi({ description: `One of ${DOCS_ASSETS.join(", ")}.`, example: "swagger-ui.css" }),
    }),
  },
  responses: {
    200: { description: "The file, with its media type", content: { "text/css": { schema: z.string() }, "text/javascript": { schema: z.string() } } },
    ...problemResponses("invalid_request", "not_found"),
  },
});

const faviconRoute = createRoute({
  method: "get",
  path: "/favicon.ico",
  operationId: "getFavicon",
  tags: ["docs"],
  summary: "The site icon browsers ask for on every page",
  description: "Served from the Worker's static assets; in production the asset router answers before the Worker runs.",
  responses: {
    200: { description: "The icon", content: { "image/x-icon": { schema: z.string().openapi({ format: "binary" }) } } },
  },
});

export const docs = new OpenAPIHono<{ Bindings: Env }>()
  // Its Content-Security-Policy (same-origin scripts only) comes from the securityHeaders middleware.
  .openapi(pageRoute, (c) => c.html(docsPage("/openapi.json"), 200))
  .openapi(assetRoute, async (c) => {
    // The asset router serves these before the Worker where it runs first (production, wrangler dev);
    // this covers callers that reach the Worker directly, such as the test pool.
    const reply = await c.env.ASSETS.fetch(c.req.raw);
    if (reply.status === 404) {
      await reply.body?.cancel();
      throw new ApiError("not_found", `no docs file ${c.req.valid("param").file}`);
    }
    return reply as unknown as Response;
  })
  .openapi(faviconRoute, async (c) => (await c.env.ASSETS.fetch(c.req.raw)) as unknown as Response);
