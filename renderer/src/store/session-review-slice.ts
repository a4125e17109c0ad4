import type { MethodInput, MethodOutput } from '../../../electron/shared/contract';
import type { ErrorBody } from '../../../electron/shared/contract/errors';
import type { ExportFormat, Session } from '../../../electron/shared/contract/session';
import { errorFromBody } from '../transport/host-client';
import type { HostClient } from '../transport';
import type { EventHandler, Slice } from './types';

export type SessionReview = {
  summary: MethodOutput<'session.summary'>;
  timeline: MethodOutput<'session.timeline'>;
  health: MethodOutput<'session.health'>;
};

export type ArchiveImportResult = MethodOutput<'session.import'>;

/** The session a crash (or a killed host) left interrupted, shown in the banner while no session is live. */
export interface InterruptedSession {
  session: Session;
  /** Deals the host ended at restart because they were live at the crash (reason host_interrupted). */
  dealsEnded: number;
  /** Other sessions left interrupted (older ones), reachable from the Sessions page. */
  others: number;
}

/**
 * The Sessions page's calls: the list, one session's review (summary, timeline, health, events), notes,
 * exports, imports, resume, delete; and the interrupted session the banner offers to resume.
 */
export interface SessionReviewSlice {
  interrupted: InterruptedSession | null;
  /** Looks for an interrupted session (none while one is live). */
  loadInterrupted(): Promise<void>;
  listSessions(input: MethodInput<'session.list'>): Promise<MethodOutput<'session.list'>>;
  compareSessions(input: MethodInput<'session.compare'>): Promise<MethodOutput<'session.compare'>>;
  loadSessionReview(id: string): Promise<SessionReview>;
  loadSessionEvents(input: MethodInput<'session.events'>): Promise<MethodOutput<'session.events'>>;
  addSessionNote(id: string, text: string): Promise<void>;
  /** Logging goes on in the interrupted session. */
  resumeSession(id: string): Promise<void>;
  /** Ends an interrupted session for good. */
  endInterruptedSession(id: string): Promise<void>;
  deleteSession(id: string): Promise<void>;
  exportSession(id: string, format: ExportFormat): Promise<MethodOutput<'session.export'>>;
  /**
   * Imports a session archive (.bcsession): in Electron the host reads the file where it lies (its path
   * from the native dialog or the drop); in a browser, which may be on another device, it is uploaded.
   */
  importSessionArchive(file: File): Promise<ArchiveImportResult>;
}

async function uploadArchive(file: File): Promise<ArchiveImportResult> {
  const token = new URLSearchParams(window.location.search).get('token') ?? '';
  const response = await fetch(`${window.location.origin}/session/import?name=${encodeURIComponent(file.name)}&token=${encodeURIComponent(token)}`, {
    method: 'POST',
    body: file,
  });
  const body = (await response.json().catch(() => ({}))) as ArchiveImportResult | { error?: ErrorBody };
  if (!response.ok || 'error' in body) {
    throw errorFromBody(('error' in body && body.error) || { code: 'internal', message: `The host answered ${response.status}.` });
  }
  return body as ArchiveImportResult;
}

export const createSessionReviewSlice =
  (client: HostClient): Slice<SessionReviewSlice> =>
  (set, get) => ({
    interrupted: null,
    async loadInterrupted() {
      if (get().liveSession) return set({ interrupted: null });
      const list = await client.call('session.list', { status: 'interrupted', limit: 1 });
      const session = list.sessions[0];
      if (!session) return set({ interrupted: null });
      const ended = await client.call('session.events', { id: session.id, kinds: ['deal.ended'], limit: 1000 });
      const dealsEnded = ended.events.filter((e) => (e.payload as { reason?: string }).reason === 'host_interrupted').length;
      // A session that went live meanwhile hides the banner: the answer came too late.
      set({ interrupted: get().liveSession ? null : { session, dealsEnded, others: list.total - 1 } });
    },
    listSessions: (input) => client.call('session.list', input),
    compareSessions: (input) => client.call('session.compare', input),
    async loadSessionReview(id) {
      const [summary, timeline, health] = await Promise.all([
        client.call('session.summary', { id }),
        client.call('session.timeline', { id }),
        client.call('session.health', { id }),
      ]);
      return { summary, timeline, health };
    },
    loadSessionEvents: (input) => client.call('session.events', input),
    async addSessionNote(id, text) {
      await client.call('session.note', { id, text });
    },
    async resumeSession(id) {
      await client.call('session.resume', { id });
      if (get().interrupted?.session.id === id) set({ interrupted: null });
    },
    async endInterruptedSession(id) {
      await client.call('session.end', { id });
      if (get().interrupted?.session.id === id) set({ interrupted: null });
    },
    async deleteSession(id) {
      await client.call('session.delete', { id });
    },
    exportSession: (id, format) => client.call('session.export', { id, format }),
    importSessionArchive(file) {
      const path = window.broadcart?.pathForFile(file);
      return path ? client.call('session.import', { path }) : uploadArchive(file);
    },
  });

/** The interrupted session is looked for again whenever the live session or the list of sessions changes. */
export const onSessionReviewEvent: EventHandler = (event, _set, get) => {
  if (event.name === 'session.changed' || event.name === 'session.listChanged') void get().loadInterrupted().catch(() => {});
};
