import type { StreamHealth } from '../../../shared/contract/obs';
import { AlarmTracker, computeHealth, type Alarm, type HealthCounters } from './obs-health';

/** GetStats answers exactly the OBS-wide counters a health sample keeps. */
type StatsAnswer = Pick<
  HealthCounters,
  'activeFps' | 'cpuUsage' | 'memoryUsage' | 'renderSkippedFrames' | 'renderTotalFrames' | 'outputSkippedFrames' | 'outputTotalFrames'
>;
interface StreamStatusAnswer {
  outputActive: boolean;
  outputReconnecting: boolean;
  outputCongestion: number;
  outputBytes: number;
  outputSkippedFrames: number;
  outputTotalFrames: number;
}

/**
 * Samples GetStats + GetStreamStatus every interval while connected and turns the counters into a health
 * sample plus threshold alarms. One sample at a time: a slow OBS delays the next sample instead of piling
 * requests up.
 */
export class HealthSampler {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private previous: HealthCounters | null = null;
  private readonly alarms = new AlarmTracker();
  private running = false;

  constructor(
    private readonly deps: {
      request<T>(type: string): Promise<T>;
      thresholds(): { skippedPct: number; droppedPct: number };
      onSample(health: StreamHealth, alarms: Alarm[]): void;
      now(): number;
      intervalMs?: number;
    },
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.previous = null;
    this.alarms.reset();
    void this.tick();
  }

  stop(): void {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private async tick(): Promise<void> {
    if (!this.running) return;
    try {
      const [stats, stream] = await Promise.all([
        this.deps.request<StatsAnswer>('GetStats'),
        this.deps.request<StreamStatusAnswer>('GetStreamStatus'),
      ]);
      const counters: HealthCounters = {
        at: this.deps.now(),
        activeFps: stats.activeFps,
        cpuUsage: stats.cpuUsage,
        memoryUsage: stats.memoryUsage,
        renderSkippedFrames: stats.renderSkippedFrames,
        renderTotalFrames: stats.renderTotalFrames,
        outputSkippedFrames: stats.outputSkippedFrames,
        outputTotalFrames: stats.outputTotalFrames,
        streamActive: stream.outputActive,
        streamReconnecting: stream.outputReconnecting,
        congestion: stream.outputCongestion ?? 0,
        streamBytes: stream.outputBytes,
        streamSkippedFrames: stream.outputSkippedFrames,
        streamTotalFrames: stream.outputTotalFrames,
      };
      if (this.running) {
        const health = computeHealth(counters, this.previous);
        // The first reading has no interval to compare with: it only primes the counters.
        const alarms = this.previous ? this.alarms.evaluate(health, this.deps.thresholds()) : [];
        this.previous = counters;
        this.deps.onSample(health, alarms);
      }
    } catch {
      // Not connected or a slow answer: the connection reports it; try again next interval.
    }
    if (this.running) {
      this.timer = setTimeout(() => void this.tick(), this.deps.intervalMs ?? 2000);
      this.timer.unref?.();
    }
  }
}
