import { ApiError, isOverloaded } from "../errors.ts";
import { log } from "../observability/log.ts";

/**
 * Calls an object once more when the first call failed with anything but the API's own refusal: the
 * object's instance was reset or crashed mid-call, the platform rejected the call, and that stub stays
 * broken (`call` must make a new one). Only for idempotent calls: a cell's submit (exactly once per
 * cell: the second call joins or resumes the judgment the first started, docs/resuming-work.md) and
 * reads. An error of the object's own code fails the second call too, and is reported as it is. An
 * object the platform calls `overloaded` is not called again: that would only add to its queue
 * (https://developers.cloudflare.com/durable-objects/best-practices/error-handling/).
 *
 * @example
 * const reading = await callAgainOnFault(cellKey, () => cellStub(env, tenant, cellId).read());
 */
export async function callAgainOnFault<R>(objectName: string, call: () => Promise<R>): Promise<R> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof ApiError || isOverloaded(error)) throw error;
    log("cell.call_retried", { object: objectName, error: String(error) });
    return await call();
  }
}
