/**
 * Where a webhook may go. A callback to loopback, private, link-local or cloud-metadata addresses would
 * let a caller make this service probe its own network (server-side request forgery,
 * https://owasp.org/Top10/A10_2021-Server-Side_Request_Forgery_%28SSRF%29/), so such destinations are
 * refused unless explicitly allowed (local development). Only literal addresses and well-known names
 * can be checked here: Workers have no DNS lookup, and their outbound fetch cannot reach private
 * networks anyway (https://developers.cloudflare.com/workers/runtime-apis/fetch/).
 */

const BLOCKED_NAMES = [/^localhost$/, /\.localhost$/, /\.local$/, /\.internal$/, /^metadata$/, /^metadata\.google\.internal$/];

function ipv4Octets(host: string): number[] | null {
  const parts = host.split(".");
  if (parts.length !== 4 || !parts.every((part) => /^\d{1,3}$/.test(part))) return null;
  const octets = parts.map(Number);
  return octets.every((octet) => octet <= 255) ? octets : null;
}

/** Loopback, "this network", private (RFC 1918), shared (RFC 6598), link-local (incl. 169.254.169.254 metadata), benchmarking, multicast and reserved. */
function blockedIpv4([a, b]: number[]): boolean {
  return a === 0 || a === 10 || a === 127 || (a === 100 && b! >= 64 && b! <= 127) || (a === 169 && b === 254) ||
    (a === 172 && b! >= 16 && b! <= 31) || (a === 192 && b === 168) || (a === 198 && (b === 18 || b === 19)) || a! >= 224;
}

function blockedIpv6(host: string): boolean {
  const address = host.toLowerCase();
  if (address === "::" || address === "::1") return true;
  // IPv4-mapped (::ffff:a.b.c.d, or the URL parser's hex form ::ffff:7f00:1).
  const mapped = /^::ffff:(.+)$/.exec(address)?.[1];
  if (mapped) {
    const dotted = ipv4Octets(mapped);
    if (dotted) return blockedIpv4(dotted);
    const hex = /^([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(mapped);
    if (hex) {
      const high = parseInt(hex[1]!, 16);
      const low = parseInt(hex[2]!, 16);
      return blockedIpv4([high >> 8, high & 255, low >> 8, low & 255]);
    }
    return true;
  }
  // Unique local fc00::/7, link-local fe80::/10, site-local fec0::/10, multicast ff00::/8, metadata fd00:ec2::254.
  return /^f[cd]/.test(address) || /^fe[89ab]/.test(address) || /^fe[c-f]/.test(address) || address.startsWith("ff");
}

/**
 * Why a callback URL is refused, or null when it may be called.
 *
 * @example
 * callbackRefusal("http://169.254.169.254/latest"); // "…link-local or metadata…"
 */
export function callbackRefusal(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return "not a URL";
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return "only http and https callbacks are supported";
  if (parsed.username || parsed.password) return "credentials in the URL are not allowed";
  const host = parsed.hostname.replace(/^\[|\]$/g, "").replace(/\.$/, "").toLowerCase();
  const octets = ipv4Octets(host);
  const refused = octets ? blockedIpv4(octets) : host.includes(":") ? blockedIpv6(host) : BLOCKED_NAMES.some((name) => name.test(host));
  return refused ? `${host} is a loopback, private, link-local or metadata destination` : null;
}
