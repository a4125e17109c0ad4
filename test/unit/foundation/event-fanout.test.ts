import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { coalesceIntervalMs, EventFanout } from '../../../electron/core/api/event-fanout';
import { EventBus } from '../../../electron/core/bus';
import type { EventPayload, HostEvent } from '../../../electron/shared/contract';
import type { PrompterPositionEvent } from '../../../electron/shared/contract/prompter';
import { eventChannel } from '../../../electron/shared/ipc';
import { sendHostEventsToWindows, windowClientId, type EventWindow } from '../../../electron/main/window-events';
import type { WindowKind } from '../../../electron/main/window-factory';

let webContentsIds = 0;

/** A stand-in BrowserWindow (Electron cannot run here): records what main sends it. */
class RecordingWindow implements EventWindow {
  readonly received: HostEvent[] = [];
  destroyed = false;
  private readonly closedListeners: (() => void)[] = [];
  readonly webContents = {
    id: ++webContentsIds,
    send: (channel: string, event: unknown) => {
      expect(channel).toBe(eventChannel);
      this.received.push(event as HostEvent);
    },
  };
  isDestroyed() {
    return this.destroyed;
  }
  on(_name: 'closed', listener: () => void) {
    this.closedListeners.push(listener);
  }
  close() {
    this.destroyed = true;
    for (const l of this.closedListeners) l();
  }
  names() {
    return this.received.map((e) => e.name);
  }
}

/** The window factory's side, as main sees it. */
function windowSource() {
  const open: [RecordingWindow, WindowKind][] = [];
  const createdListeners = new Set<(win: RecordingWindow, kind: WindowKind) => void>();
  return {
    entries: () => open,
    createdListeners,
    create(kind: WindowKind) {
      const win = new RecordingWindow();
      open.push([win, kind]);
      for (const l of createdListeners) l(win, kind);
      return win;
    },
  };
}

const position = (seq: number): PrompterPositionEvent => ({
  cueIndex: 0,
  fraction: seq / 1000,
  playing: true,
  speed: { unit: 'wpm', value: 150 },
  rate: 1,
  at: seq,
  seq,
  countdownUntil: null,
});

describe('the host event fan-out', () => {
  let bus: EventBus;
  let fanout: EventFanout;
  beforeEach(() => {
    vi.useFakeTimers();
    bus = new EventBus();
    fanout = new EventFanout(bus);
    fanout.start();
  });
  afterEach(() => {
    fanout.stop();
    vi.useRealTimers();
  });

  it('gives a prompter window coalesced positions only, and nothing outside the prompter scope', () => {
    const windows = windowSource();
    sendHostEventsToWindows(fanout, windows);
    const prompter = windows.create('prompter');
    const control = windows.create('control');

    for (let seq = 1; seq <= 120; seq++) bus.publish('prompter.position', position(seq));
    bus.publish('obs.scene.changed', { sceneName: 'Intro' });
    // Nothing coalesced is sent before the frame ends; scope-less events are never sent to the prompter.
    expect(prompter.names()).toEqual([]);
    vi.advanceTimersByTime(coalesceIntervalMs);

    expect(prompter.received).toHaveLength(1);
    expect(prompter.received[0]).toMatchObject({ name: 'prompter.position', payload: { seq: 120 } });
    // The control room gets everything, positions coalesced the same way.
    expect(control.names().filter((n) => n === 'prompter.position')).toHaveLength(1);
    expect(control.names()).toContain('obs.scene.changed');

    // A later frame brings the latest position again; a closed window hears nothing more.
    bus.publish('prompter.position', position(121));
    prompter.close();
    bus.publish('prompter.position', position(122));
    vi.advanceTimersByTime(coalesceIntervalMs);
    expect(prompter.received).toHaveLength(1);
    expect(control.received.at(-1)).toMatchObject({ name: 'prompter.position', payload: { seq: 122 } });
  });

  it('subscribes windows opened before the host was ready with their own scope', () => {
    const windows = windowSource();
    const early = windows.create('prompter');
    sendHostEventsToWindows(fanout, windows);
    bus.publish('prompter.position', position(1));
    bus.publish('obs.scene.changed', { sceneName: 'Intro' });
    vi.advanceTimersByTime(coalesceIntervalMs);
    expect(early.names()).toEqual(['prompter.position']);
  });

  it("narrows one window's chat to what it asked for, by the client id its calls carry, until it asks for all again", () => {
    const windows = windowSource();
    sendHostEventsToWindows(fanout, windows);
    const lane = windows.create('prompter');
    const other = windows.create('prompter');
    const comment = (id: string, question: boolean): EventPayload<'chat.message'> => ({
      id,
      platform: 'twitch',
      connectionId: null,
      messageId: id,
      at: 1,
      authorName: 'Viewer',
      authorKey: 'k',
      text: question ? '¿Cuánto cuesta?' : 'Hola',
      kind: 'text',
      amount: null,
      language: 'es',
      question,
      starred: false,
      answered: false,
      hidden: false,
      hiddenBy: null,
      sessionId: null,
    });
    expect(fanout.narrow(windowClientId(lane.webContents.id), 'chat.message', (m) => m.question)).toBe(true);
    expect(fanout.narrow('window:999999', 'chat.message', null)).toBe(false);

    bus.publish('chat.message', comment('a', false));
    bus.publish('chat.message', comment('b', true));
    bus.publish('chat.updated', { id: 'a', question: false, starred: false, answered: false, hidden: true, hiddenBy: null, by: 'control' });
    const ids = (w: RecordingWindow) => w.received.map((e) => `${e.name}:${(e.payload as { id: string }).id}`);
    // Other events of the lane, and other windows, are untouched.
    expect(ids(lane)).toEqual(['chat.message:b', 'chat.updated:a']);
    expect(ids(other)).toEqual(['chat.message:a', 'chat.message:b', 'chat.updated:a']);

    fanout.narrow(windowClientId(lane.webContents.id), 'chat.message', null);
    bus.publish('chat.message', comment('c', false));
    expect(ids(lane).at(-1)).toBe('chat.message:c');
  });

  it('delivers events without coalescing at once and in order, per subscriber scope', () => {
    const overlay: HostEvent[] = [];
    const control: HostEvent[] = [];
    fanout.subscribe({ scope: 'overlay', deliver: (e) => overlay.push(e) });
    fanout.subscribe({ scope: 'control', deliver: (e) => control.push(e) });
    bus.publish('obs.scene.changed', { sceneName: 'A' });
    bus.publish('obs.scene.changed', { sceneName: 'B' });
    expect(control.map((e) => (e.payload as { sceneName: string }).sceneName)).toEqual(['A', 'B']);
    expect(overlay).toEqual([]);
  });
});
