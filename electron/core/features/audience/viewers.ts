import type { ChatSource, ViewerCount } from '../../../shared/contract/audience';
import type { HostContext } from '../../context';

/**
 * Viewer counts and the chat readers' state, as the platform feature's readers hand them in
 * (AudienceGateway.receiveViewers / receiveSourceState): `audience.status` answers both, each reading is
 * published as `audience.viewers` (logged), each state change as `audience.sourceChanged`.
 *
 * The viewer-drop alarm (`audience.viewerDrop`, logged): the total is the sum of each connection's latest
 * reading, counting only connections read within the last `staleMs` (90 s: three missed 30 s readings
 * and a connection no longer counts). When the total falls to 70% or less of its peak of the last
 * 2 minutes, and that peak was above 20 viewers, the alarm fires once and stays quiet for the next
 * 2 minutes (the connections' readings of one round arrive one by one: one fall is one alarm); the peak
 * then starts again from the total at the alarm. Small audiences (20 or fewer) never alarm: one viewer
 * leaving would look like a landslide.
 */
export const viewerDropRule = {
  windowMs: 2 * 60_000,
  /** The total must fall to this share of the peak (0.7: a drop of 30%). */
  dropTo: 0.7,
  /** The peak must be above this. */
  minPeak: 20,
  staleMs: 90_000,
};

export class AudienceViewers {
  private readonly sources = new Map<string, ChatSource>();
  private readonly latest = new Map<string, ViewerCount>();
  /** Totals over the window, oldest first. */
  private totals: { at: number; viewers: number }[] = [];
  private lastAlarmAt: number | null = null;

  constructor(private readonly ctx: HostContext) {}

  receiveViewers(reading: ViewerCount): void {
    this.latest.set(reading.connectionId, reading);
    this.ctx.bus.publish('audience.viewers', reading, reading.at);
    this.checkDrop(reading.at);
  }

  receiveSourceState(source: ChatSource): void {
    const before = this.sources.get(source.connectionId);
    this.sources.set(source.connectionId, source);
    // The message count moves with every batch: only a change of state or reason is news.
    if (before && before.state === source.state && before.message === source.message && before.retryAt === source.retryAt) return;
    this.ctx.bus.publish('audience.sourceChanged', source, this.ctx.now());
  }

  /** A connection removed: its source and readings go (its last reading stops counting at once). */
  forget(connectionId: string): void {
    this.sources.delete(connectionId);
    this.latest.delete(connectionId);
  }

  status(): { sources: ChatSource[]; viewers: ViewerCount[] } {
    const now = this.ctx.now();
    return {
      sources: [...this.sources.values()],
      viewers: [...this.latest.values()].filter((r) => now - r.at <= viewerDropRule.staleMs),
    };
  }

  /** The sum of each connection's latest reading that is still fresh. */
  total(at: number): number {
    let sum = 0;
    for (const r of this.latest.values()) if (at - r.at <= viewerDropRule.staleMs) sum += r.viewers;
    return sum;
  }

  private checkDrop(at: number): void {
    const total = this.total(at);
    this.totals = this.totals.filter((t) => at - t.at <= viewerDropRule.windowMs);
    this.totals.push({ at, viewers: total });
    let peak = this.totals[0]!;
    for (const t of this.totals) if (t.viewers > peak.viewers) peak = t;
    const quiet = this.lastAlarmAt !== null && at - this.lastAlarmAt < viewerDropRule.windowMs;
    if (!quiet && peak.viewers > viewerDropRule.minPeak && total <= peak.viewers * viewerDropRule.dropTo) {
      this.lastAlarmAt = at;
      this.ctx.bus.publish('audience.viewerDrop', { from: peak.viewers, to: total, withinMs: at - peak.at, at }, at);
      this.totals = [{ at, viewers: total }];
    }
  }
}
