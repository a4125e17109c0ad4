/** Stream health is pre-aggregated in buckets of this many ms (see session_health). */
export const healthBucketMs = 5000;

/** The numeric fields of a `stream.health` payload the review charts; missing or odd fields are null. */
export interface HealthSample {
  fps: number | null;
  cpuPct: number | null;
  droppedPct: number | null;
  /** The worse of render and output (encoder) skipped frames. */
  skippedPct: number | null;
  congestion: number | null;
  bytesPerSec: number | null;
}

const num = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);

export function healthSampleOf(payload: unknown): HealthSample {
  const p = (typeof payload === 'object' && payload !== null ? payload : {}) as Record<string, unknown>;
  const render = num(p.renderSkippedPct);
  const output = num(p.outputSkippedPct);
  return {
    fps: num(p.fps),
    cpuPct: num(p.cpuPct),
    droppedPct: num(p.droppedPct),
    skippedPct: render === null ? output : output === null ? render : Math.max(render, output),
    congestion: num(p.congestion),
    bytesPerSec: num(p.bytesPerSec),
  };
}
