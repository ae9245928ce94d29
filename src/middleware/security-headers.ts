import { createMiddleware } from "hono/factory";
import { setMissingReplyHeaders } from "./reply-headers.ts";

/**
 * The API's replies are JSON that no browser should render, frame or cache; the one HTML page (/docs)
 * runs its own same-origin scripts and styles and nothing else.
 */
export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** Docs UIs set inline `style` attributes, which is why styles (never scripts) may be inline. */
export const HTML_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

export interface SecurityHeadersOptions {
  /** CSP of every reply that is not HTML. */
  apiPolicy?: string;
  /** CSP of HTML replies (the docs page). */
  htmlPolicy?: string;
  /** `Cache-Control` of replies whose route did not choose one: the API's answers change and may be private. */
  cacheControl?: string;
}

const FIXED_HEADERS = {
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "x-frame-options": "DENY",
  "cross-origin-opener-policy": "same-origin",
  // Ignored over plain HTTP (RFC 6797 §8.1), so harmless locally.
  "strict-transport-security": "max-age=31536000",
};

const isHtml = (contentType: string | null) => /^text\/html\b/i.test(contentType ?? "");

/**
 * Adds security headers to every reply (errors, 404s and WebSocket upgrades included). A route that
 * sets its own `Content-Security-Policy` or `Cache-Control` keeps it.
 *
 * @example
 * app.use("*", securityHeaders());
 * app.use("*", securityHeaders({ cacheControl: "private, max-age=0" }));
 */
export const securityHeaders = (options: SecurityHeadersOptions = {}) => {
  const apiPolicy = options.apiPolicy ?? API_CONTENT_SECURITY_POLICY;
  const htmlPolicy = options.htmlPolicy ?? HTML_CONTENT_SECURITY_POLICY;
  const cacheControl = options.cacheControl ?? "no-store";
  return createMiddleware(async (c, next) => {
    await next();
    setMissingReplyHeaders(c, {
      ...FIXED_HEADERS,
      "content-security-policy": isHtml(c.res.headers.get("content-type")) ? htmlPolicy : apiPolicy,
      "cache-control": cacheControl,
    });
  });
};
