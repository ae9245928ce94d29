/**
 * The dashboard's Content-Security-Policy, stricter than the docs page's: its own script and stylesheet
 * only, no inline style either (bars are sized through the CSSOM, which the policy does not govern),
 * and Trusted Types enforced, so no HTML string can ever reach the DOM through `innerHTML`.
 * `connect-src 'self'` covers the API's fetches and the cell streams (same-origin `ws:`/`wss:`).
 */
export const DASHBOARD_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "require-trusted-types-for 'script'",
  "trusted-types 'none'",
].join("; ");
