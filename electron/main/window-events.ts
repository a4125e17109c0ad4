import type { EventFanout } from '../core/api/event-fanout';
import type { Scope } from '../shared/contract';
import { eventChannel } from '../shared/ipc';
import type { WindowKind } from './window-factory';

/**
 * The events a window's page receives: the control room all of them, a prompter lane only what a
 * co-host's prompter link (a `follow` token) gets, so it never wakes for OBS health or deal ticks.
 */
export const windowEventScope: Record<WindowKind, Scope> = { control: 'control', prompter: 'follow' };

/**
 * A window's client id: what its IPC calls carry (ipc-bridge.ts) and its event subscription is known by,
 * as a WebSocket connection's id is (a lane narrows its chat with it: chat.followQuestions).
 */
export const windowClientId = (webContentsId: number): string => `window:${webContentsId}`;

/** The part of a BrowserWindow that receives events. */
export interface EventWindow {
  isDestroyed(): boolean;
  webContents: { readonly id: number; send(channel: string, event: unknown): void };
  on(name: 'closed', listener: () => void): unknown;
}

/** The window factory's side of the wiring: the windows open now, and a hook for each new one. */
export interface WindowSource<W extends EventWindow> {
  entries(): [W, WindowKind][];
  readonly createdListeners: Set<(win: W, kind: WindowKind) => void>;
}

/**
 * Each window hears host events through the same fan-out as a WebSocket client, with its page's scope
 * (windowEventScope): a prompter window gets prompter events, coalesced positions at most once a frame.
 */
export function sendHostEventsToWindows<W extends EventWindow>(fanout: EventFanout, windows: WindowSource<W>): void {
  const subscribe = (win: W, kind: WindowKind) => {
    const unsubscribe = fanout.subscribe({
      scope: windowEventScope[kind],
      clientId: windowClientId(win.webContents.id),
      deliver: (event) => {
        if (!win.isDestroyed()) win.webContents.send(eventChannel, event);
      },
    });
    win.on('closed', unsubscribe);
  };
  for (const [win, kind] of windows.entries()) subscribe(win, kind);
  windows.createdListeners.add(subscribe);
}
