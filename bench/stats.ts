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
