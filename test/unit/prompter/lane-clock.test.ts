import { describe, expect, it } from 'vitest';
import type { PrompterPositionEvent, PrompterState } from '../../../electron/shared/contract/prompter';
import { LaneClock } from '../../../renderer/src/features/prompter/lane-clock';
import { formatDuration } from '../../../renderer/src/features/prompter/time-format';

const lengths = [10, 20, 10];
const t0 = 1_800_000_000_000;

function state(patch: Partial<PrompterState>): PrompterState {
  return {
    scriptId: 's',
    title: 'Tea',
    version: 'A',
    versionPickedBy: 'first',
    productId: null,
    leadLanguage: 'en',
    revision: 1,
    playing: false,
    rehearsal: false,
    speed: { unit: 'wpm', value: 150 },
    position: { cueIndex: 0, fraction: 0 },
    at: t0,
    countdownUntil: null,
    elapsedMs: 0,
    timeline: { unit: 'words', lengths },
    rate: 2.5,
    cues: [],
    lanes: [],
    ...patch,
  };
}

function position(at: number, cueIndex: number, fraction: number, playing = true): PrompterPositionEvent {
  return { cueIndex, fraction, playing, speed: { unit: 'wpm', value: 150 }, rate: 2.5, at, seq: at - t0, countdownUntil: null };
}

describe('lane clock', () => {
  it('stands still while paused, even when the last position event of the run arrives after the pause', () => {
    const clock = new LaneClock();
    // On one machine: received when sent (clock offset 0), so local wall time is host time.
    clock.fromState(state({ playing: true, at: t0, elapsedMs: 26_000 }), t0);
    clock.fromEvent(position(t0 + 4000, 1, 0), t0 + 4000);
    // Paused at 0:30 and 1.5 words into the second stretch; then the trailing event of the run arrives.
    clock.fromState(state({ playing: false, at: t0 + 4020, elapsedMs: 30_000, position: { cueIndex: 1, fraction: 0.075 } }), t0 + 4020);
    clock.fromEvent(position(t0 + 4010, 1, 0.074), t0 + 4030);
    expect(clock.playing).toBe(false);
    const pausedAt = clock.positionAt(t0 + 4030);
    expect(clock.positionAt(t0 + 8030)).toEqual(pausedAt);
    expect(pausedAt).toEqual({ cueIndex: 1, fraction: 0.075 });
    expect(formatDuration(clock.elapsedSeconds(t0 + 4030))).toBe('0:30');
    expect(formatDuration(clock.elapsedSeconds(t0 + 8030))).toBe('0:30');
  });

  it('counts playing time from the state, after the countdown, and stops it with a paused event', () => {
    const clock = new LaneClock();
    clock.fromState(state({ playing: true, at: t0, countdownUntil: t0 + 3000, elapsedMs: 10_000 }), t0);
    expect(clock.elapsedSeconds(t0 + 2000)).toBe(10);
    expect(clock.elapsedSeconds(t0 + 5000)).toBe(12);
    clock.fromEvent(position(t0 + 6000, 0, 0.75, false), t0 + 6000);
    expect(clock.elapsedSeconds(t0 + 9000)).toBe(13);
  });

  it('shows time left until the very end: never "0:00" with words still to read', () => {
    const clock = new LaneClock();
    // 0.3 words left at 2.5 words/s: 0.12 s, still text on the reading line.
    clock.fromState(state({ position: { cueIndex: 2, fraction: 0.97 } }), t0);
    expect(formatDuration(clock.remainingSeconds(t0))).toBe('0:01');
    clock.fromState(state({ position: { cueIndex: 2, fraction: 1 }, at: t0 + 1 }), t0 + 1);
    expect(formatDuration(clock.remainingSeconds(t0 + 1))).toBe('0:00');
    clock.fromState(state({ position: { cueIndex: 0, fraction: 0 }, at: t0 + 2 }), t0 + 2);
    expect(formatDuration(clock.remainingSeconds(t0 + 2))).toBe('0:16');
  });

  it('freezes where the reader is when the host is lost, and follows the host again from its next state', () => {
    const clock = new LaneClock();
    clock.fromState(state({ playing: true, at: t0, elapsedMs: 0 }), t0);
    clock.freeze(t0 + 2000);
    const frozen = clock.positionAt(t0 + 2000);
    expect(frozen).toEqual({ cueIndex: 0, fraction: 0.5 });
    expect(clock.playing).toBe(false);
    expect(clock.positionAt(t0 + 60_000)).toEqual(frozen);
    expect(clock.elapsedSeconds(t0 + 60_000)).toBe(2);
    // The host is back (it played on meanwhile): the lane goes to the host's position and moves with it.
    clock.fromState(state({ playing: true, at: t0 + 10_000, elapsedMs: 10_000, position: { cueIndex: 1, fraction: 0.75 } }), t0 + 10_000);
    expect(clock.positionAt(t0 + 12_000)).toEqual({ cueIndex: 2, fraction: 0 });
  });
});
