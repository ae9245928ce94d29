import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { fromHex, keyFromProtocols, matchDigest, parseBearer, sha256, toHex } from "../../src/security/api-keys.ts";

const digestOf = (key: string) => createHash("sha256").update(key).digest("hex");

describe("parseBearer", () => {
  it("reads a bearer token, case-insensitively on the scheme", () => {
    expect(parseBearer("Bearer abc.DEF-123_~+/=")).toEqual({ kind: "token", token: "abc.DEF-123_~+/=" });
    expect(parseBearer("bearer   k")).toEqual({ kind: "token", token: "k" });
  });

  it("tells a missing header from a malformed one", () => {
    expect(parseBearer(undefined)).toEqual({ kind: "missing" });
    expect(parseBearer("  ")).toEqual({ kind: "missing" });
    for (const header of ["Basic dXNlcjpwYXNz", "Bearer", "Bearer a b", "Bearer ä", "key", `Bearer ${"k".repeat(513)}`]) {
      expect({ header, parsed: parseBearer(header) }).toEqual({ header, parsed: { kind: "malformed" } });
    }
  });
});

describe("matchDigest", () => {
  it("finds the configured digest equal to the key's SHA-256", async () => {
    const configured = ["one", "two", "three"].map((key) => fromHex(digestOf(key)));
    const equal = (a: ArrayBuffer | ArrayBufferView, b: ArrayBuffer | ArrayBufferView) =>
      toHex(new Uint8Array(a as ArrayBuffer)) === toHex(new Uint8Array(b as ArrayBuffer));
    expect(matchDigest(await sha256("two"), configured, equal)).toBe(1);
    expect(matchDigest(await sha256("four"), configured, equal)).toBe(-1);
    expect(toHex(await sha256("two"))).toBe(digestOf("two"));
  });

  it("compares against every digest, with no early exit on a match", async () => {
    const configured = ["one", "two", "three"].map((key) => fromHex(digestOf(key)));
    const compared: number[] = [];
    const equal = (a: ArrayBuffer | ArrayBufferView) => {
      compared.push(configured.indexOf(a as Uint8Array));
      return compared.length === 1;
    };
    expect(matchDigest(await sha256("one"), configured, equal)).toBe(0);
    expect(compared).toEqual([0, 1, 2]);
  });
});

describe("keyFromProtocols", () => {
  it("reads the key a browser offers as the subprotocol bearer.<key>", () => {
    expect(keyFromProtocols("judgment.v1, bearer.k3y-._~+")).toBe("k3y-._~+");
    expect(keyFromProtocols("bearer.abc,judgment.v1")).toBe("abc");
  });

  it.each([[undefined], [""], ["judgment.v1"], ["bearer."], ["bearer.a/b"], ["Bearer abc"]])("finds no key in %j", (header) => {
    expect(keyFromProtocols(header)).toBeNull();
  });
});
