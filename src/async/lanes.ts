/**
 * Runs `work` over `items` in order, at most `lanes` at a time: each lane takes the next item when it
 * finishes one. Rejects with the first failure (lanes already running finish their item).
 *
 * @example
 * await inLanes(cellIds, 8, (cellId) => nudge(cellId));
 */
export async function inLanes<T>(items: readonly T[], lanes: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    for (let index = next++; index < items.length; index = next++) await work(items[index]!, index);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(lanes, items.length)) }, lane));
}
