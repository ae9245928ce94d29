import { describe, expect, it } from "vitest";
import { CELL_ID_PATTERN } from "../../src/schemas/judgment.ts";
import { keyTenant, OPEN_TENANT, splitObjectName, TENANT_NAME, tenantObjectName } from "../../src/security/tenant.ts";

describe("tenant object names", () => {
  it("put a tenant's objects under its name and keep the open tenant's bare (their names before tenants)", () => {
    expect(tenantObjectName("acme", "order-1")).toBe("acme/order-1");
    expect(tenantObjectName(OPEN_TENANT, "order-1")).toBe("order-1");
    expect(splitObjectName("acme/order-1")).toEqual({ tenant: "acme", id: "order-1" });
    expect(splitObjectName("order-1")).toEqual({ tenant: OPEN_TENANT, id: "order-1" });
  });

  it("can never give two tenants' ids one name: neither a tenant name nor an id holds a /", () => {
    expect(TENANT_NAME.test("a/b")).toBe(false);
    expect(CELL_ID_PATTERN.test("acme/order-1")).toBe(false);
    const names = new Set([["acme", "x"], ["acme.x", "y"], [OPEN_TENANT, "acme"], ["k_1", "x"]].map(([tenant, id]) => tenantObjectName(tenant!, id!)));
    expect(names.size).toBe(4);
  });

  it("names a key listed without a tenant by 16 hex digits of its digest", () => {
    expect(keyTenant("0123456789abcdef".repeat(4))).toBe("k_0123456789abcdef");
  });
});
