/**
 * `Prefer: respond-async` (RFC 7240, section 4.1): the client asks for 202 at once instead of waiting
 * for the work to finish.
 *
 * @example
 * prefersAsync("wait=10, respond-async"); // true
 */
export function prefersAsync(prefer: string | undefined): boolean {
  return (prefer ?? "").split(",").some((token) => token.trim().toLowerCase() === "respond-async");
}
