import { describe, expect, it } from "vitest";
import { DASHBOARD_CONTENT_SECURITY_POLICY } from "../../src/dashboard/content-security.ts";
import { call, json } from "../support/workers/http.ts";

/** Every `src` and `href` of an HTML page. */
const linksOf = (html: string) => [...html.matchAll(/\b(?:src|href)="([^"]*)"/g)].map((match) => match[1]!);

const PAGES = [
  ["/", "judgments"],
  ["/judgments/pr-1%3Aadd.ts", "judgment"],
  ["/live", "live"],
  ["/batches", "batches"],
  ["/status", "status"],
] as const;

describe("the dashboard's pages", () => {
  it.each(PAGES)("%s is an HTML shell under the strict policy, loading only same-origin files", async (path, page) => {
    const reply = await call(path);
    expect(reply.status).toBe(200);
    expect(reply.headers.get("content-type")).toMatch(/^text\/html/);
    const policy = reply.headers.get("content-security-policy")!;
    expect(policy).toBe(DASHBOARD_CONTENT_SECURITY_POLICY);
    expect(policy).toContain("script-src 'self'");
    expect(policy).not.toMatch(/unsafe-(inline|eval)/);
    const html = await reply.text();
    expect(html).toContain(`data-page="${page}"`);
    expect(html).toContain('data-key="optional"');
    expect(html).not.toMatch(/<script>|<style|\sstyle=|\son[a-z]+=/i);
    for (const link of linksOf(html)) expect(link, path).toMatch(/^\/(?!\/)|^#/);
  });

  it("renders the cell id of the judgment page as escaped data, and refuses an invalid one", async () => {
    const page = await call("/judgments/pr-1%3Aadd.ts");
    expect(await page.text()).toContain('data-cell-id="pr-1:add.ts"');
    const bad = await call("/judgments/%3Cscript%3E");
    expect(bad.status).toBe(400);
    expect((await json(bad)).code).toBe("invalid_request");
  });

  it("gives the live form the controls scripts rely on", async () => {
    const html = await (await call("/live")).text();
    for (const name of ["content", "cell_id", "reality", "rubric", "judge", "async"]) expect(html).toMatch(new RegExp(`<[a-z]+ [^>]*name="${name}"`));
    expect(html).toMatch(/<button type="submit"/);
  });

  it("serves its script, stylesheet and icon from the static assets, and 404s anything else", async () => {
    for (const [file, type] of [["dashboard.js", /javascript/], ["dashboard.css", /^text\/css/], ["icon.svg", /^image\/svg\+xml/]] as const) {
      const reply = await call(`/ui/${file}`);
      expect(reply.status, file).toBe(200);
      expect(reply.headers.get("content-type"), file).toMatch(type);
      expect((await reply.arrayBuffer()).byteLength, file).toBeGreaterThan(100);
    }
    const missing = await call("/ui/nope.js");
    expect(missing.status).toBe(404);
    expect((await json(missing)).code).toBe("not_found");
  });
});
