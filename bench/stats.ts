/** Helpers shared by the benchmarks, so every figure is computed the same way. */

/** The p-th percentile (nearest rank) of some samples; the samples are not reordered. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
