import { describe, expect, it } from "vitest";
import { call, json } from "../support/workers/http.ts";

/** Every `src` and `href` of an HTML page. */
const linksOf = (html: string) => [...html.matchAll(/\b(?:src|href)="([^"]*)"/g)].map((match) => match[1]!);

describe("GET /docs", () => {
  it("serves Swagger UI whose every file comes from this origin", async () => {
    const reply = await call("/docs");
    expect(reply.status).toBe(200);
    expect(reply.headers.get("content-type")).toMatch(/^text\/html/);
    const html = await reply.text();
    expect(html).toContain('data-spec-url="/openapi.json"');
    const links = linksOf(html);
    expect(links).toEqual(["/docs/swagger-ui.css", "/docs/swagger-ui-bundle.js", "/docs/swagger-init.js"]);
    expect(html).not.toMatch(/(https?:)?\/\/[a-z]/i);
  });

  it("serves the page's files from the Worker's static assets", async () => {
    const expected = [
      { path: "/docs/swagger-ui.css", type: /^text\/css/, marker: ".swagger-ui", minBytes: 50_000 },
      { path: "/docs/swagger-ui-bundle.js", type: /javascript/, marker: "SwaggerUIBundle", minBytes: 500_000 },
      { path: "/docs/swagger-init.js", type: /javascript/, marker: "validatorUrl: null", minBytes: 100 },
    ];
    for (const { path, type, marker, minBytes } of expected) {
      const reply = await call(path);
      expect(reply.status, path).toBe(200);
      expect(reply.headers.get("content-type"), path).toMatch(type);
      const body = await reply.text();
      expect(body.length, path).toBeGreaterThan(minBytes);
      expect(body, path).toContain(marker);
    }
  });

  it("serves a favicon, so that no docs visit logs a 404", async () => {
    const reply = await call("/favicon.ico");
    expect(reply.status).toBe(200);
    expect(reply.headers.get("content-type")).toMatch(/^image\//);
    const icon = new Uint8Array(await reply.arrayBuffer());
    expect([...icon.slice(0, 4)]).toEqual([0, 0, 1, 0]);
  });

  it("answers a missing or malformed docs file with a problem, never another file", async () => {
    const missing = await call("/docs/nope.js");
    expect(missing.status).toBe(404);
    expect((await json(missing)).code).toBe("not_found");
    for (const path of ["/docs/..%2Fwrangler.toml", "/docs/.hidden"]) {
      const reply = await call(path);
      expect(reply.status, path).toBeGreaterThanOrEqual(400);
      expect(reply.status, path).toBeLessThan(500);
      expect(reply.headers.get("content-type"), path).toBe("application/problem+json");
      await reply.arrayBuffer();
    }
    // By the URL standard `%2e%2e` is `..`: the request is for `/`, the dashboard's first page, not a file.
    const dotDot = await call("/docs/%2e%2e");
    expect(dotDot.headers.get("content-type")).toMatch(/^text\/html/);
    expect(await dotDot.text()).toContain('data-page="judgments"');
  });
});
