import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { events, HostError, type EventSpec, type HostEvent } from '../../../shared/contract';
import { systemErrorParams } from '../../../shared/contract/error-terms';
import type { Session } from '../../../shared/contract/session';
import type { PreflightReport } from '../../../shared/contract/compliance';
import { findingReasons } from '../../../shared/compliance/finding-reasons';
import type { Feature, HostContext } from '../../context';
import type { FeatureDeps } from '../index';
import { downloadRoute } from './download-route';
import { importRoute } from './import-route';
import type { CentralSourceGateway, CentralStoreGateway, SessionLogGateway } from '../gateways';
import { LoggedReads } from './logged-reads';
import { CentralReview } from './central-review';
import { groupFacts, localFacts } from './compare';
import { ChatLogPrivacy } from './chat-log-privacy';
import { LogWriter, type LogWriterOptions } from './log-writer';
import { ReviewQueries } from './review-queries';
import { ExportPool, exportSession, localExportReader, type ExportProgress, type ExportResult } from './session-export';
import { importArchive } from './session-import';
import { SessionStore } from './session-store';

const dayMs = 24 * 60 * 60 * 1000;

export interface SessionFeature extends Feature {
  readonly writer: LogWriter;
  readonly store: SessionStore;
  /** Deletes sessions older than the retention setting; resolves with how many went. */
  applyRetention(): Promise<number>;
  /** What the audience feature uses of the log: the live session, comment retention and erasure. */
  readonly chatLog: SessionLogGateway;
}

/**
 * The session log. It subscribes to the whole bus and appends every event whose contract spec says
 * `logged: true` to the live session, so publishing features never know the log exists. It also runs
 * the lifecycle (start, end, resume after a crash), the review queries, export/import and retention.
 */
export interface SessionDeps extends FeatureDeps {
  /** This PC's studio (the fleet feature's id and the name from Settings), named in the local list and comparison. */
  studio?: () => { id: string; name: string };
  /**
   * The fleet's central store when the review is switched to it (Settings, or `serve --central` on a
   * manager's host): the review methods (list, get, summary, events, timeline, health, compare, export)
   * read it instead of this PC's log, so the Sessions page works unchanged on every studio's sessions.
   * The log itself (start, end, marks) stays local.
   */
  central?: CentralSourceGateway | null;
}

export function sessionFeature(ctx: HostContext, deps: SessionDeps, writerOptions: LogWriterOptions = {}): SessionFeature {
  const store = new SessionStore(ctx.db);
  const review = new ReviewQueries(ctx.db);
  // One review (with its mirrors) per central store: a new one when the switch changes the store.
  let reviewed: { store: CentralStoreGateway; review: CentralReview } | null = null;
  const centralReview = (): CentralReview | null => {
    const store = deps.central?.current() ?? null;
    if (reviewed && reviewed.store !== store) {
      reviewed.review.close();
      reviewed = null;
    }
    if (!store) return null;
    reviewed ??= { store, review: new CentralReview(store, ctx.options.nativeBinding) };
    return reviewed.review;
  };
  const ownStudio = () => deps.studio?.() ?? { id: '', name: '' };
  const exportsDir = path.join(ctx.options.dataDir, 'exports');
  const exportedFiles = new Map<string, string>();
  // Export rendering runs in worker threads with their own read-only connections to the same file.
  const exportPool = new ExportPool({ file: ctx.db.name, nativeBinding: ctx.options.nativeBinding });
  let live: Session | null = null;
  /**
   * The session this start found interrupted by a crash: what other features settle because of the crash
   * (events whose payload says `reason: 'host_interrupted'`, such as deals ended at start) is logged in it.
   */
  let interruptedByCrash: Session | null = null;
  let unsubscribe: (() => void) | null = null;
  let retentionTimer: NodeJS.Timeout | null = null;
  const deleting = new Set<string>();

  const writer = new LogWriter(ctx.db, {
    ...writerOptions,
    onFailure(error, pending) {
      // Published on the bus for every window to show; not written to the log (its database is failing).
      ctx.reportError(
        'session',
        (error as { code?: string }).code ?? 'write_failed',
        `The session log cannot write to the database (${error.message}). ${pending} events are kept in memory and ` +
          'will be written as soon as it works again: free disk space or check the data folder.',
      );
      publishChanged();
      writerOptions.onFailure?.(error, pending);
    },
    onRecovered(written) {
      publishChanged();
      writerOptions.onRecovered?.(written);
    },
  });

  /** The session with the events still in memory counted in. */
  const withPending = (session: Session): Session => ({ ...session, eventCount: session.eventCount + writer.pendingFor(session.id) });
  const chatPrivacy = new ChatLogPrivacy(ctx.db, writer, store);
  const loggedReads = new LoggedReads(ctx.db);
  const chatLog: SessionLogGateway = {
    live: () => (live ? { id: live.id, market: live.market } : null),
    blankChatTexts: (from, before) => chatPrivacy.blankTexts(from, before),
    forgetChatAuthor: (authorKey, messageIds) => chatPrivacy.forgetAuthor(authorKey, messageIds),
    loggedEvents: (sessionId, kinds, until) => loggedReads.events(sessionId, kinds, until),
    sessionAtTime: (at) => loggedReads.sessionAtTime(at),
    sessionExists: (sessionId) => loggedReads.sessionExists(sessionId),
    sessionsWithScript: (scriptId) => loggedReads.sessionsWithScript(scriptId),
    sessionTimes: (sessionId) => loggedReads.times(sessionId),
  };
  const current = () => ({ session: live ? withPending(store.get(live.id)) : null, backlog: writer.backlog() });
  const publishChanged = () => ctx.bus.publish('session.changed', current());
  const listChanged = (...ids: string[]) => ctx.bus.publish('session.listChanged', { ids });

  function onEvent(event: HostEvent): void {
    const spec: EventSpec = events[event.name];
    if (!spec.logged) return;
    const payload = withoutOmitted(event.payload as Record<string, unknown>, spec.logOmit);
    const target = spec.logSession ? ownSession(spec.logSession(event.payload)) : (live ?? (payload.reason === 'host_interrupted' ? interruptedByCrash : null));
    if (!target) return;
    if (event.name === 'error' && payload.source === 'session') return;
    const productId = typeof payload.productId === 'string' ? payload.productId : null;
    writer.append(target.id, event.at, event.name, productId, payload);
    // Written at once: a second crash right after the restart must not lose how the first was settled.
    if (target !== live) writer.flushAll();
  }

  /** The session an event names as its own (an order placed in it): the live one, or one in the log. */
  function ownSession(id: string | null): Session | null {
    if (id === null || deleting.has(id)) return null;
    if (live && live.id === id) return live;
    return store.find(id);
  }

  /** Sessions left live by a crash or power loss become `interrupted`, stamped with their last event. */
  function recoverInterrupted(): void {
    const detectedAt = ctx.now();
    for (const session of store.byStatus('live')) {
      store.setStatus(session.id, 'interrupted', { interruptedAt: detectedAt });
      const at = session.lastEventAt ?? session.startedAt;
      writer.append(session.id, at, 'session.interrupted', null, { sessionId: session.id, lastEventAt: session.lastEventAt, detectedAt });
      interruptedByCrash = session;
    }
    writer.flushAll();
  }

  /** The pre-flight for the session's market (compliance.preflight); null on a host without the compliance feature. */
  async function runPreflight(market: string, languages: string[]): Promise<PreflightReport | null> {
    try {
      return await ctx.dispatcher.client()('compliance.preflight', { market, languages });
    } catch (error) {
      if (error instanceof HostError && error.code === 'unknown_method') return null;
      throw error;
    }
  }

  function requireLive(action: string): Session {
    if (!live) throw new HostError('session.none_live', { action });
    return live;
  }

  function flushOrFail(what: string): void {
    if (!writer.flushAll()) {
      const lastError = writer.backlog().lastError;
      throw new HostError('session.cannot_write', {
        action: what,
        // lastError reads "CODE: message" (SQLite's or the OS's code).
        ...systemErrorParams(Object.assign(new Error(String(lastError)), { code: /^(\w+):/.exec(lastError ?? '')?.[1] })),
        pending: writer.pending(),
      });
    }
  }

  async function deleteSession(id: string): Promise<number> {
    if (deleting.has(id)) throw new HostError('session.deleting');
    deleting.add(id);
    try {
      writer.flushAll();
      let deleted = 0;
      while (store.find(id)) {
        deleted += store.deleteChunk(id);
        await new Promise((resolve) => setImmediate(resolve));
      }
      writer.forget(id);
      return deleted;
    } finally {
      deleting.delete(id);
    }
  }

  async function applyRetention(): Promise<number> {
    const days = ctx.settings.section('sessionLog').retentionDays;
    if (days === null) return 0;
    const ids = store.olderThan(ctx.now() - days * dayMs);
    for (const id of ids) await deleteSession(id);
    if (ids.length > 0) listChanged(...ids);
    return ids.length;
  }
  const runRetention = () =>
    void applyRetention().catch((error: unknown) => ctx.reportError('session', 'retention_failed', `Deleting old sessions failed: ${String(error)}`));

  async function importFile(file: string, name?: string) {
    const result = await importArchive(ctx.db, store, file, name);
    listChanged(result.session.id);
    return result;
  }

  const exportedFile = (exportId: string) => exportedFiles.get(exportId) ?? null;
  const uploadDir = path.join(ctx.options.dataDir, 'imports');
  deps.server.addRoute(downloadRoute('/session/download/', exportedFile));
  deps.server.addRoute(importRoute('/session/import', uploadDir, importFile));
  // Deprecated aliases of the routes before the domain had one name: archive uploaders of older builds post here.
  deps.server.addRoute(downloadRoute('/sessionlog/download/', exportedFile));
  deps.server.addRoute(importRoute('/sessionlog/import', uploadDir, importFile));

  return {
    name: 'session',
    writer,
    store,
    applyRetention,
    chatLog,
    start() {
      recoverInterrupted();
      live = store.live();
      unsubscribe = ctx.bus.subscribeAll(onEvent);
      ctx.bus.on('settings.changed', runRetention);
      runRetention();
      retentionTimer = setInterval(runRetention, 60 * 60 * 1000);
      retentionTimer.unref();
    },
    async stop() {
      unsubscribe?.();
      if (retentionTimer) clearInterval(retentionTimer);
      await exportPool.close();
      reviewed?.review.close();
      const left = writer.close();
      if (left > 0) console.error(`[session] ${left} events could not be written before stopping: ${writer.backlog().lastError}`);
    },
    handlers: {
      'session.start': async (input) => {
        if (live) {
          throw new HostError('session.already_live', { title: live.title, since: new Date(live.startedAt).toISOString() });
        }
        const market = input.market.toUpperCase();
        const preflight = await runPreflight(market, input.languages);
        if (preflight && preflight.errorCount > 0 && !input.override) {
          throw new HostError(
            'session.preflight_blocked',
            { market, count: preflight.errorCount, reasons: findingReasons(preflight.findings) },
            preflight,
          );
        }
        // The pre-flight awaited: another start may have won meanwhile.
        const winner = live as Session | null;
        if (winner) {
          throw new HostError('session.already_live', { title: winner.title, since: new Date(winner.startedAt).toISOString() });
        }
        const session: Session = {
          id: randomUUID(),
          title: input.title,
          market,
          hosts: input.hosts,
          languages: input.languages,
          notes: input.notes,
          status: 'live',
          startedAt: ctx.now(),
          endedAt: null,
          lastEventAt: null,
          eventCount: 0,
        };
        store.insert(session);
        live = session;
        interruptedByCrash = null;
        ctx.bus.publish('session.started', { sessionId: session.id, title: session.title, market: session.market, hosts: session.hosts }, session.startedAt);
        if (preflight && preflight.findings.length > 0) {
          // What the session went live with, and who overrode which errors and why, stays in its log (a clean one adds nothing).
          const overridden = preflight.errorCount > 0 && input.override ? { reason: input.override.reason } : null;
          ctx.bus.publish(
            'session.preflight',
            {
              sessionId: session.id,
              market,
              platforms: preflight.platforms,
              errorCount: preflight.errorCount,
              warningCount: preflight.warningCount,
              findings: preflight.findings,
              override: overridden,
            },
            session.startedAt,
          );
        }
        publishChanged();
        listChanged(session.id);
        return preflight ? { ...withPending(store.get(session.id)), preflight } : withPending(store.get(session.id));
      },
      'session.end': ({ id }) => {
        if (id && id !== live?.id) {
          const session = store.get(id);
          if (session.status !== 'interrupted') throw new HostError('session.cannot_end', { title: session.title, status: session.status });
          flushOrFail('end the session');
          // Read again after the flush: events settled at start (host_interrupted) may have moved its last event.
          const flushed = store.get(id);
          store.setStatus(id, 'ended', { endedAt: flushed.lastEventAt ?? flushed.startedAt });
          if (interruptedByCrash?.id === id) interruptedByCrash = null;
          listChanged(id);
          return store.get(id);
        }
        const session = requireLive('end');
        // Write the backlog first, so a failing disk refuses the end before `session.ended` is logged.
        flushOrFail('end the session');
        ctx.bus.publish('session.ended', { sessionId: session.id }, ctx.now());
        flushOrFail('end the session');
        store.setStatus(session.id, 'ended', { endedAt: ctx.now() });
        live = null;
        publishChanged();
        listChanged(session.id);
        return store.get(session.id);
      },
      'session.resume': ({ id }) => {
        if (live) throw new HostError('session.other_live_resume', { title: live.title });
        const session = store.get(id);
        if (session.status !== 'interrupted') {
          throw new HostError('session.cannot_resume', { title: session.title, status: session.status });
        }
        store.setStatus(id, 'live', { endedAt: null });
        live = store.get(id);
        interruptedByCrash = null;
        ctx.bus.publish('session.resumed', { sessionId: id }, ctx.now());
        publishChanged();
        listChanged(id);
        return withPending(store.get(id));
      },
      'session.current': () => current(),
      'session.list': async (filter) => {
        const central = centralReview();
        if (central) return central.list(filter);
        const result = store.list(filter);
        return { ...result, sessions: result.sessions.map(withPending), source: 'local' as const, studios: [ownStudio()] };
      },
      'session.get': async ({ id }) => {
        const central = centralReview();
        return central ? central.get(id) : withPending(store.get(id));
      },
      'session.compare': async (input) => {
        const central = centralReview();
        if (central) return central.compare(input);
        writer.flushAll();
        const { by, ...filter } = input;
        const facts = localFacts(ctx.db, store, { ...filter, offset: 0, limit: 1 }, ownStudio(), by === 'version');
        return { by, rows: groupFacts(by, facts), sessions: facts.length };
      },
      'session.mark': ({ text }) => {
        const session = requireLive('mark');
        const event = ctx.bus.publish('session.mark', { sessionId: session.id, text: text && text.length > 0 ? text : null }, ctx.now());
        return { sessionId: session.id, at: event.at };
      },
      'session.note': ({ id, text }) => {
        if (id && id !== live?.id) {
          // A note written while reviewing a finished session goes straight into its log.
          const session = store.get(id);
          const at = ctx.now();
          writer.append(session.id, at, 'session.note', null, { sessionId: session.id, text });
          flushOrFail('save the note');
          return { sessionId: session.id, at };
        }
        const session = requireLive('note');
        const event = ctx.bus.publish('session.note', { sessionId: session.id, text }, ctx.now());
        return { sessionId: session.id, at: event.at };
      },
      'session.delete': async ({ id }) => {
        const session = store.get(id);
        if (session.status === 'live') throw new HostError('session.live_delete', { title: session.title });
        const deletedEvents = await deleteSession(id);
        listChanged(id);
        return { ok: true as const, deletedEvents };
      },
      'session.export': async ({ id, format, folder }) => {
        const onProgress = (progress: ExportProgress) => ctx.bus.publish('session.export.progress', progress);
        const into = folder ? path.resolve(folder) : exportsDir;
        let result: ExportResult;
        const central = centralReview();
        if (central) {
          // A studio's session from the central store, written as its PC writes it: without the studio the review adds.
          const found = await central.get(id);
          const { studio: _studio, ...session } = found;
          result = await exportSession(central.exportReader(found), session, format, into, onProgress);
        } else {
          if (store.get(id).status === 'live') writer.flushAll();
          result = await exportSession(localExportReader(ctx.db, exportPool), store.get(id), format, into, onProgress);
        }
        exportedFiles.set(result.exportId, result.path);
        return { ...result, downloadPath: `/session/download/${result.exportId}` };
      },
      'session.import': ({ path: file }) => importFile(path.resolve(file)),
      'session.summary': async ({ id }) => {
        const central = centralReview();
        return central ? central.summary(id) : review.summary(withPending(store.get(id)));
      },
      'session.events': async (input) => {
        const central = centralReview();
        return central ? central.events(input) : review.events(store.get(input.id), input);
      },
      'session.timeline': async (input) => {
        const central = centralReview();
        return central ? central.timeline(input) : review.timeline(store.get(input.id), input);
      },
      'session.health': async ({ id, points }) => {
        const central = centralReview();
        return central ? central.health(id, points) : review.health(store.get(id), points);
      },
    },
  };
}

/** The payload as the log keeps it: without the fields the event's contract says the log leaves out. */
function withoutOmitted(payload: Record<string, unknown>, omit: readonly string[] | undefined): Record<string, unknown> {
  if (!omit?.length) return payload;
  const kept = { ...payload };
  for (const field of omit) delete kept[field];
  return kept;
}
