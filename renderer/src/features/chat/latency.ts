/**
 * Host-to-screen latency of comments, measured in the page: from the host's publish time of
 * `chat.message` (its `at`, same machine clock as the browser) to the commit that put the comment's row
 * in the dock's DOM. Read by the benchmark (bench/audience.bench.ts) and e2e tests.
 */
declare global {
  interface Window {
    __chatLatency?: number[];
  }
}

const keepSamples = 100_000;

/** Called after each commit with the ids of the rows in view; a comment counts the first time it shows. */
export function recordShown(ids: readonly string[]): void {
  const arrivals = window.__chatArrivals;
  if (!arrivals || arrivals.size === 0) return;
  const now = Date.now();
  const samples = (window.__chatLatency ??= []);
  for (const id of ids) {
    const at = arrivals.get(id);
    if (at === undefined) continue;
    arrivals.delete(id);
    samples.push(now - at);
  }
  if (samples.length > keepSamples) samples.splice(0, samples.length - keepSamples);
}
