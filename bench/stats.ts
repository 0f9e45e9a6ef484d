// Percentiles and summaries for the benchmarks (nearest-rank on sorted samples).
export function percentile(values: number[], p: number): number {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export function summarize(values: number[]): {
  n: number;
  mean: number;
  p50: number;
  p95: number;
  max: number;
} {
  const round = (x: number) => Math.round(x * 100) / 100;
  const mean = values.reduce((a, b) => a + b, 0) / (values.length || 1);
  return {
    n: values.length,
    mean: round(mean),
    p50: round(percentile(values, 50)),
    p95: round(percentile(values, 95)),
    max: round(Math.max(...values)),
  };
}

export type Summary = ReturnType<typeof summarize>;

/** Runs `run` `warmup` times untimed, then `repeats` times timed one after another: the wall times' summary, in ms. */
export async function timeRepeated(
  run: () => Promise<unknown> | unknown,
  { warmup, repeats }: { warmup: number; repeats: number },
): Promise<Summary> {
  for (let i = 0; i < warmup; i++) await run();
  const samples: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const start = performance.now();
    await run();
    samples.push(performance.now() - start);
  }
  return summarize(samples);
}
