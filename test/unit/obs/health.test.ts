import { describe, expect, it } from 'vitest';
import { AlarmTracker, computeHealth, type HealthCounters } from '../../../electron/core/features/obs/obs-health';

const base: HealthCounters = {
  at: 0,
  activeFps: 30,
  cpuUsage: 12.5,
  memoryUsage: 200,
  renderSkippedFrames: 0,
  renderTotalFrames: 1000,
  outputSkippedFrames: 0,
  outputTotalFrames: 1000,
  streamActive: true,
  streamReconnecting: false,
  congestion: 0,
  streamBytes: 1_000_000,
  streamSkippedFrames: 0,
  streamTotalFrames: 900,
};

describe('stream health over a sample interval', () => {
  it('computes skipped and dropped percentages over the interval, not since the start', () => {
    const previous = { ...base, renderSkippedFrames: 500 };
    const current = { ...base, at: 2000, renderSkippedFrames: 503, renderTotalFrames: 1060, outputTotalFrames: 1060, outputSkippedFrames: 6, streamSkippedFrames: 1, streamTotalFrames: 960, streamBytes: 1_250_000 };
    const health = computeHealth(current, previous);
    expect(health.renderSkippedPct).toBe(5);
    expect(health.outputSkippedPct).toBe(10);
    expect(health.droppedPct).toBeCloseTo(1.667, 3);
    expect(health.bytesPerSec).toBe(125_000);
    expect(health.totalDroppedFrames).toBe(1);
  });

  it('starts over when counters go back to zero (OBS or the stream restarted)', () => {
    const previous = { ...base, streamTotalFrames: 5000, streamSkippedFrames: 40 };
    const current = { ...base, at: 2000, streamTotalFrames: 50, streamSkippedFrames: 1 };
    expect(computeHealth(current, previous).droppedPct).toBe(2);
  });

  it('reports no dropped frames or bitrate while not streaming', () => {
    const health = computeHealth({ ...base, at: 2000, streamActive: false, streamSkippedFrames: 10 }, base);
    expect([health.droppedPct, health.bytesPerSec, health.streaming]).toEqual([0, 0, false]);
  });
});

describe('alarms', () => {
  const thresholds = { skippedPct: 0.3, droppedPct: 0.1 };
  const sample = (renderSkippedPct: number, droppedPct = 0) => ({ ...computeHealth(base, null), renderSkippedPct, droppedPct });

  it('fires once when a metric crosses its threshold and re-arms when it recovers', () => {
    const alarms = new AlarmTracker();
    expect(alarms.evaluate(sample(0.3), thresholds)).toEqual([]);
    expect(alarms.evaluate(sample(0.5), thresholds)).toEqual([{ metric: 'renderSkipped', valuePct: 0.5, thresholdPct: 0.3 }]);
    expect(alarms.evaluate(sample(0.9), thresholds)).toEqual([]);
    expect(alarms.evaluate(sample(0), thresholds)).toEqual([]);
    expect(alarms.evaluate(sample(0.4, 0.2), thresholds).map((a) => a.metric)).toEqual(['renderSkipped', 'dropped']);
  });
});
