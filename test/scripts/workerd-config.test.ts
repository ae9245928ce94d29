import { describe, expect, it } from "vitest";
import { capnpString, workerdBindings, workerdConfig, type WorkerdConfigInput } from "../../scripts/stack/workerd-config.ts";

const input: WorkerdConfigInput = {
  workerName: "judgment-api",
  mainModule: "index.js",
  compatibilityDate: "2026-11-01",
  compatibilityFlags: ["nodejs_compat"],
  durableObjects: [
    { name: "CELL", className: "CellDurableObject" },
    { name: "BATCH", className: "BatchDurableObject" },
  ],
  vars: { AUTH: "off", API_KEYS: "", JUDGE_API_KEY: undefined, JUDGE_PROFILES: '{"fast":{"model":"a\\"b"}}' },
  storageDir: "/data/workerd/objects",
  assets: { binding: "ASSETS", directory: "/repo/src/openapi/assets" },
  address: "127.0.0.1:8787",
};

describe("capnpString", () => {
  it("escapes quotes, backslashes and control characters, and keeps other text as it is", () => {
    expect(capnpString('a "b" \\ c')).toBe('"a \\"b\\" \\\\ c"');
    expect(capnpString("line\nnext\r\t\x7f")).toBe('"line\\x0anext\\x0d\\x09\\x7f"');
    expect(capnpString("$HOME ${X} café ✓")).toBe('"$HOME ${X} café ✓"');
  });
});

describe("workerdConfig", () => {
  it("binds every Durable Object, the assets and the non-empty variables, in that order", () => {
    expect(workerdBindings(input)).toEqual([
      '(name = "CELL", durableObjectNamespace = (className = "CellDurableObject"))',
      '(name = "BATCH", durableObjectNamespace = (className = "BatchDurableObject"))',
      '(name = "ASSETS", service = "assets")',
      '(name = "AUTH", text = "off")',
      '(name = "JUDGE_PROFILES", text = "{\\"fast\\":{\\"model\\":\\"a\\\\\\"b\\"}}")',
    ]);
  });

  it("makes every class SQLite-backed on local disk, with a key of its own", () => {
    const config = workerdConfig(input);
    expect(config).toContain('(className = "CellDurableObject", uniqueKey = "judgment-api-CellDurableObject", enableSql = true)');
    expect(config).toContain('(className = "BatchDurableObject", uniqueKey = "judgment-api-BatchDurableObject", enableSql = true)');
    expect(config).toContain('durableObjectStorage = (localDisk = "do-storage")');
    expect(config).toContain('(name = "do-storage", disk = (path = "/data/workerd/objects", writable = true))');
  });

  it("serves the Worker alone on the socket, with wrangler.toml's date and flags and a network that reaches loopback", () => {
    const config = workerdConfig(input);
    expect(config).toContain('sockets = [(name = "http", address = "127.0.0.1:8787", http = (), service = "worker")]');
    expect(config).toContain('modules = [(name = "index.js", esModule = embed "index.js")]');
    expect(config).toContain('compatibilityDate = "2026-11-01"');
    expect(config).toMatch(/compatibilityFlags = \[\s*"nodejs_compat"\s*\]/);
    expect(config).toContain('globalOutbound = "network"');
    expect(config).toContain('network = (allow = ["public", "private"]');
    expect(config.match(/worker = \(/g)).toHaveLength(1);
  });

  it("leaves the assets service out when wrangler.toml has none", () => {
    const config = workerdConfig({ ...input, assets: null });
    expect(config).not.toContain("assets");
  });
});
