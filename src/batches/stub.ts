import type { BatchDurableObject } from "../../durable-objects/batch/batch.ts";

/** The Durable Object that owns a batch: one per batch id, named by it. */
export function batchStub(env: Env, batchId: string): DurableObjectStub<BatchDurableObject> {
  const namespace = env.BATCH as DurableObjectNamespace<BatchDurableObject>;
  return namespace.get(namespace.idFromName(batchId));
}

/** A new batch id: `b_` and 128 random bits in hex. */
export const newBatchId = (): string => `b_${crypto.randomUUID().replaceAll("-", "")}`;
