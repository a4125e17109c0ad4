import type { PrompterPositionEvent, PrompterState } from '../../../../electron/shared/contract/prompter';
import { advance, offsetOf, totalLength, type PromptPosition } from '../../../../electron/shared/prompter';

/** Wall-clock milliseconds with sub-millisecond resolution (the host stamps events with Date.now()). */
export function wallNow(): number {
  return performance.timeOrigin + performance.now();
}

interface Snapshot {
  position: PromptPosition;
  playing: boolean;
  rate: number;
  /** Host time of the snapshot and of the end of the countdown. */
  at: number;
  countdownUntil: number | null;
}

/** Playing time as of the last state: so much at host time `at`, growing from `from` while playing. */
interface Elapsed {
  ms: number;
  at: number;
  playing: boolean;
  /** Host time the text (re)started moving: the state's time, or the end of its countdown. */
  from: number;
}

/**
 * A lane's copy of the host's clock. The host publishes where the reading line is; between events
 * the lane extrapolates by elapsed time at the published rate, so scrolling is smooth at any refresh
 * rate and every lane computes the same position for the same instant. The host/device clock offset
 * is the smallest (receive - sent) seen, which on one machine is the transit time and on another
 * device also absorbs clock skew.
 *
 * Position events can arrive after a newer state (the host sends them at most once a frame, so the last
 * one of a run can trail the pause that ended it): an event older than the state it would replace is
 * dropped, or a paused lane would scroll on. A lane that loses the host freezes where it was.
 */
export class LaneClock {
  private snapshot: Snapshot = { position: { cueIndex: 0, fraction: 0 }, playing: false, rate: 0, at: 0, countdownUntil: null };
  private elapsed: Elapsed = { ms: 0, at: 0, playing: false, from: 0 };
  private lengths: number[] = [0];
  private offsets: number[] = [];
  private offset = 0;
  /** Host time of the last position event and when it arrived here (for lag figures). */
  lastEvent: { at: number; receivedAt: number; seq: number } | null = null;
  /** The last few thousand position events as [host time, received at] (for lag figures). */
  readonly eventLog: [number, number][] = [];

  setTimeline(lengths: number[]): void {
    this.lengths = lengths.length > 0 ? lengths : [0];
  }

  fromState(state: PrompterState, receivedAt = wallNow()): void {
    this.setTimeline(state.timeline.lengths);
    this.observeOffset(receivedAt, state.at);
    this.snapshot = { position: state.position, playing: state.playing, rate: state.rate, at: state.at, countdownUntil: state.countdownUntil };
    this.elapsed = { ms: state.elapsedMs, at: state.at, playing: state.playing, from: Math.max(state.at, state.countdownUntil ?? 0) };
  }

  fromEvent(event: PrompterPositionEvent, receivedAt = wallNow()): void {
    this.observeOffset(receivedAt, event.at);
    if (event.at < this.snapshot.at) return;
    this.lastEvent = { at: event.at, receivedAt, seq: event.seq };
    this.eventLog.push([event.at, receivedAt]);
    if (this.eventLog.length > 5000) this.eventLog.splice(0, 1000);
    this.snapshot = {
      position: { cueIndex: event.cueIndex, fraction: event.fraction },
      playing: event.playing,
      rate: event.rate,
      at: event.at,
      countdownUntil: event.countdownUntil,
    };
    if (this.elapsed.playing && !event.playing) this.elapsed = { ms: this.elapsedMsAt(event.at), at: event.at, playing: false, from: event.at };
  }

  /**
   * The host is gone: stop where the reader is now (position, playing time), until a new state comes.
   * Nothing moves while the lane cannot know what the host does.
   */
  freeze(localWall = wallNow()): void {
    const at = this.hostTime(localWall);
    this.snapshot = { ...this.snapshot, position: this.positionAt(localWall), playing: false, at, countdownUntil: null };
    this.elapsed = { ms: this.elapsedMsAt(at), at, playing: false, from: at };
  }

  private elapsedMsAt(hostNow: number): number {
    const e = this.elapsed;
    return e.ms + (e.playing ? Math.max(0, hostNow - e.from) : 0);
  }

  /** Playing time so far, in seconds: it stands still while paused. */
  elapsedSeconds(localWall = wallNow()): number {
    return this.elapsedMsAt(this.hostTime(localWall)) / 1000;
  }

  private observeOffset(receivedAt: number, hostAt: number): void {
    this.offsets.push(receivedAt - hostAt);
    if (this.offsets.length > 50) this.offsets.shift();
    this.offset = Math.min(...this.offsets);
  }

  hostTime(localWall = wallNow()): number {
    return localWall - this.offset;
  }

  get playing(): boolean {
    return this.snapshot.playing;
  }
  get rate(): number {
    return this.snapshot.rate;
  }

  /** Seconds left in the countdown, or 0. */
  countdownLeft(localWall = wallNow()): number {
    const until = this.snapshot.countdownUntil;
    if (!this.snapshot.playing || until === null) return 0;
    return Math.max(0, (until - this.hostTime(localWall)) / 1000);
  }

  positionAt(localWall = wallNow()): PromptPosition {
    const s = this.snapshot;
    if (!s.playing) return s.position;
    const hostNow = this.hostTime(localWall);
    const countingFrom = s.countdownUntil !== null && s.countdownUntil > s.at ? s.countdownUntil : null;
    // Before the snapshot (a sample for an earlier instant), extrapolate backwards; never into a countdown.
    const seconds = countingFrom !== null ? Math.max(0, hostNow - countingFrom) / 1000 : (hostNow - s.at) / 1000;
    return advance(s.position, seconds * s.rate, this.lengths);
  }

  /** Distance from the start in timeline units (lead words or lead pixels): comparable across lanes. */
  offsetAt(localWall = wallNow()): number {
    return offsetOf(this.positionAt(localWall), this.lengths);
  }

  /** Reading time left to the end at the current speed (rounded up, so "0:00" only at the very end). */
  remainingSeconds(localWall = wallNow()): number {
    const left = Math.max(0, totalLength(this.lengths) - this.offsetAt(localWall));
    return this.snapshot.rate > 0 ? Math.ceil(left / this.snapshot.rate) : 0;
  }
}
