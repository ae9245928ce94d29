import { describe, expect, it } from "vitest";
import { clientNetwork } from "../../src/security/client-address.ts";

describe("clientNetwork", () => {
  it("keeps IPv4 addresses and names IPv6 clients by their /64", () => {
    expect(clientNetwork("203.0.113.7")).toBe("203.0.113.7");
    expect(clientNetwork("2001:db8:1:2:aaaa:bbbb:cccc:dddd")).toBe("2001:db8:1:2::/64");
    expect(clientNetwork("2001:0DB8:0001:0002::1")).toBe("2001:db8:1:2::/64");
    expect(clientNetwork("2001:db8::")).toBe("2001:db8:0:0::/64");
    expect(clientNetwork("::1")).toBe("0:0:0:0::/64");
    expect(clientNetwork("fe80::1%eth0")).toBe("fe80:0:0:0::/64");
  });

  it("gives every address of one /64 the same name, and other /64s other names", () => {
    const names = new Set(["2001:db8:1:2::1", "2001:db8:1:2::ffff", "2001:db8:1:2:ffff:ffff:ffff:ffff", "2001:db8:1:2:0:5efe:192.0.2.1"].map(clientNetwork));
    expect([...names]).toEqual(["2001:db8:1:2::/64"]);
    expect(clientNetwork("2001:db8:1:3::1")).not.toBe(clientNetwork("2001:db8:1:2::1"));
  });

  it("reads an IPv4-mapped IPv6 address as the IPv4 address", () => {
    expect(clientNetwork("::ffff:203.0.113.7")).toBe("203.0.113.7");
    expect(clientNetwork("::ffff:cb00:7107")).toBe("203.0.113.7");
  });

  it("leaves what is not an address as given", () => {
    for (const text of ["unknown", "1:2:3", "1::2::3", "1:2:3:4:5:6:7:8:9", "::ffff:300.1.1.1", "g::1"]) expect(clientNetwork(text)).toBe(text);
  });
});
