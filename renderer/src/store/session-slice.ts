import type { MethodInput } from '../../../electron/shared/contract';
import type { LogBacklog, Session } from '../../../electron/shared/contract/session';
import type { HostClient } from '../transport';
import type { EventHandler, Slice } from './types';

export interface ExportProgressState {
  exportId: string;
  sessionId: string;
  format: string;
  written: number;
  total: number;
  done: boolean;
}

export interface SessionSlice {
  /** The live session (null when none) and what the log still holds in memory. */
  liveSession: Session | null;
  logBacklog: LogBacklog;
  /** Bumped whenever the host says the list of sessions changed; list views reload on it. */
  sessionListVersion: number;
  /** Progress of the running export of each session, by session id. */
  exportProgress: Record<string, ExportProgressState>;
  loadCurrentSession(): Promise<void>;
  startSession(input: MethodInput<'session.start'>): Promise<Session>;
  endSession(id?: string): Promise<void>;
  markMoment(text?: string): Promise<void>;
}

export const createSessionSlice =
  (client: HostClient): Slice<SessionSlice> =>
  (set) => ({
    liveSession: null,
    logBacklog: { pending: 0, failing: false, lastError: null },
    sessionListVersion: 0,
    exportProgress: {},
    async loadCurrentSession() {
      const { session, backlog } = await client.call('session.current');
      set({ liveSession: session, logBacklog: backlog });
    },
    async startSession(input) {
      const session = await client.call('session.start', input);
      set({ liveSession: session });
      return session;
    },
    async endSession(id) {
      await client.call('session.end', id ? { id } : {});
    },
    async markMoment(text) {
      await client.call('session.mark', text ? { text } : {});
    },
  });

export const onSessionEvent: EventHandler = (event, set, get) => {
  switch (event.name) {
    case 'session.changed': {
      set({ liveSession: event.payload.session, logBacklog: event.payload.backlog });
      break;
    }
    case 'session.listChanged':
      set({ sessionListVersion: get().sessionListVersion + 1 });
      break;
    case 'session.export.progress': {
      const progress = event.payload;
      set({ exportProgress: { ...get().exportProgress, [progress.sessionId]: progress } });
      break;
    }
  }
};
