import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { openApiDocumentOf, type DocumentSource } from "../openapi/document.ts";

const OpenApiDocumentSchema = z
  .looseObject({
    openapi: z.string().openapi({ example: "3.1.0" }),
    info: z.looseObject({ title: z.string(), version: z.string() }),
    paths: z.record(z.string(), z.unknown()),
  })
  .openapi("OpenApiDocument", { description: "An OpenAPI 3.1 document (https://spec.openapis.org/oas/v3.1.0)." });

const route = createRoute({
  method: "get",
  path: "/openapi.json",
  operationId: "getOpenApiDocument",
  tags: ["docs"],
  summary: "This API's OpenAPI 3.1 document",
  description: "Generated from the same zod schemas that validate requests, so it cannot drift from the code. Open, even when `API_KEYS` is set.",
  responses: {
    200: { description: "The document", content: { "application/json": { schema: OpenApiDocumentSchema } } },
  },
});

/**
 * `GET /openapi.json` for the routes of `source` (the app being built: the document is made on the
 * first request, once every route is registered).
 *
 * @example
 * app.route("/", openApiDocument(app));
 */
export function openApiDocument(source: DocumentSource) {
  return new OpenAPIHono<{ Bindings: Env }>().openapi(route, (c) => {
    // The generator's types allow `undefined` members (which JSON drops); the document itself is JSON.
    const document = openApiDocumentOf(source) as unknown as z.output<typeof OpenApiDocumentSchema>;
    return c.json(document, 200);
  });
}
