import type { SampleProgress } from "./follow.ts";

/** The `--json` report: one object for scripts, with what the stream showed and what the judgment says. */
export function jsonReport(apiUrl: string, provider: string, samples: readonly SampleProgress[]) {
  return {
    api_url: apiUrl,
    provider,
    ok: samples.every((progress) => progress.phase === "completed"),
    samples: samples.map(({ sample, cellId, phase, done, total, failedDimensions, frames, judgment, error }) => ({
      name: sample.name,
      kind: sample.kind,
      reality: sample.reality,
      cell_id: cellId,
      status: phase,
      dimensions: { done, total, failed: failedDimensions },
      frames,
      ...(judgment
        ? {
            judgment_id: judgment.judgment_id,
            cached: judgment.cached,
            q_score: judgment.q_score,
            verdict: judgment.verdict,
            confidence: judgment.confidence,
            axioms: judgment.axioms,
            weakest: judgment.weakest,
            flags: judgment.flags,
            usage: judgment.usage,
            timing: judgment.timing,
          }
        : {}),
      ...(error ? { error } : {}),
    })),
  };
}
