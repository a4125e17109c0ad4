import type { StreamHealth } from '../../../shared/contract/obs';

/** The counters GetStats and GetStreamStatus report (cumulative since OBS or the stream started). */
export interface HealthCounters {
  at: number;
  activeFps: number;
  cpuUsage: number;
  memoryUsage: number;
  renderSkippedFrames: number;
  renderTotalFrames: number;
  outputSkippedFrames: number;
  outputTotalFrames: number;
  streamActive: boolean;
  streamReconnecting: boolean;
  congestion: number;
  streamBytes: number;
  /** Frames the network dropped, and frames sent, since the stream started. */
  streamSkippedFrames: number;
  streamTotalFrames: number;
}

function pct(part: number, total: number): number {
  if (total <= 0 || part <= 0) return 0;
  return Math.round((part / total) * 100 * 1000) / 1000;
}

/** Counters go back to 0 when OBS restarts or a stream starts again: a negative delta means "start over". */
function delta(current: number, previous: number | undefined): number {
  if (previous === undefined || current < previous) return current;
  return current - previous;
}

/**
 * One health sample from two consecutive counter readings. Percentages are over the interval between the
 * two readings, so a problem shows up within one sample instead of being diluted by hours of good frames.
 */
export function computeHealth(current: HealthCounters, previous: HealthCounters | null): StreamHealth {
  const p = previous ?? undefined;
  const seconds = p ? Math.max(0.001, (current.at - p.at) / 1000) : 0;
  const bytes = delta(current.streamBytes, p?.streamBytes);
  return {
    fps: Math.round(current.activeFps * 100) / 100,
    cpuPct: Math.round(current.cpuUsage * 100) / 100,
    memoryMb: Math.round(current.memoryUsage),
    renderSkippedPct: pct(delta(current.renderSkippedFrames, p?.renderSkippedFrames), delta(current.renderTotalFrames, p?.renderTotalFrames)),
    outputSkippedPct: pct(delta(current.outputSkippedFrames, p?.outputSkippedFrames), delta(current.outputTotalFrames, p?.outputTotalFrames)),
    droppedPct: current.streamActive
      ? pct(delta(current.streamSkippedFrames, p?.streamSkippedFrames), delta(current.streamTotalFrames, p?.streamTotalFrames))
      : 0,
    congestion: Math.round(current.congestion * 1000) / 1000,
    bytesPerSec: p && current.streamActive ? Math.round(bytes / seconds) : 0,
    streaming: current.streamActive,
    reconnecting: current.streamReconnecting,
    totalDroppedFrames: current.streamActive ? current.streamSkippedFrames : 0,
    totalStreamFrames: current.streamActive ? current.streamTotalFrames : 0,
  };
}

export type AlarmMetric = 'renderSkipped' | 'outputSkipped' | 'dropped';
export interface Alarm {
  metric: AlarmMetric;
  valuePct: number;
  thresholdPct: number;
}

/**
 * Alarms fire when a metric crosses its threshold (from below), not on every bad sample, and re-arm when
 * the metric is back at or under the threshold: a 10-minute problem is one alarm, not 300.
 */
export class AlarmTracker {
  private readonly raised = new Set<AlarmMetric>();

  evaluate(health: StreamHealth, thresholds: { skippedPct: number; droppedPct: number }): Alarm[] {
    const readings: [AlarmMetric, number, number][] = [
      ['renderSkipped', health.renderSkippedPct, thresholds.skippedPct],
      ['outputSkipped', health.outputSkippedPct, thresholds.skippedPct],
      ['dropped', health.droppedPct, thresholds.droppedPct],
    ];
    const alarms: Alarm[] = [];
    for (const [metric, valuePct, thresholdPct] of readings) {
      if (valuePct > thresholdPct) {
        if (!this.raised.has(metric)) alarms.push({ metric, valuePct, thresholdPct });
        this.raised.add(metric);
      } else {
        this.raised.delete(metric);
      }
    }
    return alarms;
  }

  reset(): void {
    this.raised.clear();
  }
}
