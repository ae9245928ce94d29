/**
 * Who an anonymous caller is, for per-client rate limits: an IPv4 address, or an IPv6 client's /64.
 * One IPv6 subscriber is routinely handed a whole /64 (2^64 addresses), so counting per address would
 * let one client rotate through fresh budgets at will.
 */

const HEXTET = /^[0-9a-f]{1,4}$/;
const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** The eight 16-bit groups of an IPv6 address (an embedded dotted IPv4 tail counts as two), or null. */
function hextets(address: string): number[] | null {
  const text = address.toLowerCase().split("%")[0]!;
  const halves = text.split("::");
  if (halves.length > 2) return null;
  const groups = (part: string): string[] | null => {
    if (part === "") return [];
    const items = part.split(":");
    const last = items[items.length - 1]!;
    const v4 = IPV4.exec(last);
    if (v4) {
      const bytes = v4.slice(1).map(Number);
      if (bytes.some((byte) => byte > 255)) return null;
      items.splice(items.length - 1, 1, ((bytes[0]! << 8) | bytes[1]!).toString(16), ((bytes[2]! << 8) | bytes[3]!).toString(16));
    }
    return items.every((item) => HEXTET.test(item)) ? items : null;
  };
  const head = groups(halves[0]!);
  const tail = halves.length === 2 ? groups(halves[1]!) : [];
  if (!head || !tail) return null;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return null;
  return [...head, ...Array<string>(missing).fill("0"), ...tail].map((group) => Number.parseInt(group, 16));
}

/**
 * The rate-limit identity of a caller's address: IPv4 as given, IPv6 as its /64 prefix (an
 * IPv4-mapped IPv6 address as the IPv4 address), anything unreadable as given.
 *
 * @example
 * clientNetwork("203.0.113.7"); // "203.0.113.7"
 * clientNetwork("2001:db8:1:2:aaaa::1"); // "2001:db8:1:2::/64"
 * clientNetwork("::ffff:203.0.113.7"); // "203.0.113.7"
 */
export function clientNetwork(address: string): string {
  if (!address.includes(":")) return address;
  const groups = hextets(address);
  if (!groups) return address;
  const mapped = groups.slice(0, 5).every((group) => group === 0) && groups[5] === 0xffff;
  if (mapped) return [groups[6]! >> 8, groups[6]! & 255, groups[7]! >> 8, groups[7]! & 255].join(".");
  return `${groups.slice(0, 4).map((group) => group.toString(16)).join(":")}::/64`;
}
