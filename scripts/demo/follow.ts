import {
  streamUrl,
  unwrap,
  watchCell,
  type ApiClient,
  type CellOutcome,
  type Judgment,
  type StreamFrame,
  type WatchOptions,
} from "../../src/client/index.ts";
import type { Sample } from "./samples.ts";

/** What the demo knows of one sample's judgment, updated frame by frame. */
export interface SampleProgress {
  sample: Sample;
  cellId: string;
  phase: "connecting" | "submitted" | "scoring" | "completed" | "failed";
  done: number;
  total: number | null;
  failedDimensions: number;
  /** How many frames of each type the stream sent. */
  frames: Record<string, number>;
  judgment?: Judgment;
  error?: string;
}

export interface FollowOptions {
  /** Judge profile to ask for; default the server's `default`. */
  judge?: string;
  timeoutMs: number;
  connect?: WatchOptions["connect"];
  /** Called after every change of `progress`. */
  onChange: () => void;
}

/** Applies one stream frame to the progress. */
function applyFrame(progress: SampleProgress, frame: StreamFrame): void {
  progress.frames[frame.type] = (progress.frames[frame.type] ?? 0) + 1;
  if (frame.type === "snapshot") {
    progress.done = frame.done;
    progress.total = frame.total || progress.total;
  } else if (frame.type === "judgment.started") {
    progress.phase = "scoring";
    progress.total = frame.total;
  } else if (frame.type === "dimension.scored") {
    progress.phase = "scoring";
    progress.done = frame.done;
    progress.total = frame.total;
  } else if (frame.type === "dimension.failed") {
    progress.failedDimensions += 1;
  }
}

function applyOutcome(progress: SampleProgress, outcome: CellOutcome): void {
  if (outcome.status === "completed") {
    progress.phase = "completed";
    progress.judgment = outcome.judgment;
    progress.total = Object.keys(outcome.judgment.dimensions).length;
    progress.done = progress.total;
  } else {
    progress.phase = "failed";
    progress.error = `${outcome.error.code}: ${outcome.error.message}`;
  }
}

function deadline(ms: number): { expired: Promise<never>; cancel: () => void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no outcome within ${ms / 1000} s`)), ms);
  });
  return { expired, cancel: () => clearTimeout(timer) };
}

/**
 * Judges one sample the way a client should: open the cell's stream first (its snapshot means nothing
 * can be missed), submit with `Prefer: respond-async`, then let the stream tell the outcome.
 */
export async function followSample(api: ApiClient, progress: SampleProgress, options: FollowOptions): Promise<SampleProgress> {
  const { sample, cellId } = progress;
  const onFrame = (frame: StreamFrame) => {
    applyFrame(progress, frame);
    options.onChange();
  };
  const timeout = deadline(options.timeoutMs);
  let watch: Awaited<ReturnType<typeof watchCell>> | undefined;
  try {
    watch = await Promise.race([watchCell(streamUrl(api, cellId), { onFrame, ...(options.connect ? { connect: options.connect } : {}) }), timeout.expired]);
    const request = {
      cell_id: cellId,
      content: sample.content,
      reality: sample.reality,
      ...(sample.context ? { context: sample.context } : {}),
      ...(options.judge ? { judge: options.judge } : {}),
    };
    await unwrap(await api.v1.judgments.$post({ json: request }, { headers: { prefer: "respond-async" } }));
    if (progress.phase === "connecting") progress.phase = "submitted";
    options.onChange();
    applyOutcome(progress, await Promise.race([watch.outcome, timeout.expired]));
  } catch (error) {
    progress.phase = "failed";
    progress.error = error instanceof Error ? error.message : String(error);
  } finally {
    timeout.cancel();
    watch?.close();
    options.onChange();
  }
  return progress;
}
