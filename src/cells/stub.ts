import type { CellDurableObject } from "../../durable-objects/cell.ts";

/** The Durable Object that owns a cell: one per cell id, named by it. */
export function cellStub(env: Env, cellId: string): DurableObjectStub<CellDurableObject> {
  const namespace = env.CELL as DurableObjectNamespace<CellDurableObject>;
  return namespace.get(namespace.idFromName(cellId));
}
