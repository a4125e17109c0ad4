/**
 * Push-to-screen latency, measured in the page: from the host's publish time (`at`, same machine clock)
 * to the moment React committed the new card to the DOM. Read by the e2e test and the benchmark.
 */
export interface LatencySample {
  revision: number;
  at: number;
  renderedAt: number;
  ms: number;
}

declare global {
  interface Window {
    __overlayLatency?: LatencySample[];
  }
}

export function recordLatency(revision: number, at: number): void {
  const renderedAt = Date.now();
  const samples = (window.__overlayLatency ??= []);
  samples.push({ revision, at, renderedAt, ms: renderedAt - at });
  if (samples.length > 2000) samples.splice(0, samples.length - 2000);
}
