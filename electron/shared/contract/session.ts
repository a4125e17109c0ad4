import { rule } from './validation-texts';
import { z } from 'zod';
import { event, method, noInput } from './define';
import { preflightFinding, preflightReport } from './compliance';
import { overrideReason } from './deals';
import { platformId } from './platform';

/**
 * The session log: every broadcast is a session, and every event of a `logged: true` kind published on
 * the host's bus while a session is live is appended to it (see electron/core/features/session). The methods
 * below run the lifecycle and answer the review (list, summary, timeline, health, events, export).
 */

export const sessionStatus = z.enum(['live', 'ended', 'interrupted']);
export type SessionStatus = z.infer<typeof sessionStatus>;

const sessionId = z.string().uuid('must be a session id (a UUID) such as the one session.start returned');
const shortText = (max: number) => z.string().trim().max(max);

export const sessionSchema = z.object({
  id: z.string(),
  title: z.string(),
  market: z.string(),
  hosts: z.array(z.string()),
  languages: z.array(z.string()),
  notes: z.string(),
  status: sessionStatus,
  startedAt: z.number(),
  endedAt: z.number().nullable(),
  /** Time of the last event written; for an interrupted session, about when the host stopped. */
  lastEventAt: z.number().nullable(),
  eventCount: z.number().int(),
  /** The studio PC that logged it: set when the review reads the central store (a manager's host). */
  studio: z.object({ id: z.string(), name: z.string() }).optional(),
});
export type Session = z.infer<typeof sessionSchema>;

/**
 * What a comparison groups sessions by. `version`: a script's A/B version ("Jasmine pitch · B", by title
 * and version name, so the same script run in several studios is one row): time it was in the prompter,
 * deals started meanwhile, and the orders, units and revenue of the order lines attributed to it.
 */
export const compareBy = z.enum(['host', 'market', 'studio', 'product', 'version']);
export type CompareBy = z.infer<typeof compareBy>;

const revenueList = z.array(z.object({ currency: z.string(), amountMinor: z.number() }));

export const compareRowSchema = z.object({
  key: z.string(),
  label: z.string(),
  sessions: z.number().int(),
  /** Session time for host, market and studio; time pinned on air for a product; time in the prompter for a version. */
  onAirMs: z.number(),
  deals: z.number().int(),
  orders: z.number().int(),
  units: z.number(),
  revenue: revenueList,
  /** The highest viewer count reported, when a platform reported any. */
  viewersPeak: z.number().nullable(),
});
export type CompareRow = z.infer<typeof compareRowSchema>;

const sessionFilter = {
  from: z.number().optional(),
  to: z.number().optional(),
  market: z.string().trim().min(2).max(8).optional(),
  host: z.string().trim().min(1).max(100).optional(),
  /** A studio id (central review only; a studio PC holds its own sessions). */
  studio: z.string().uuid('must be a studio id (a UUID) from the studio list').optional(),
  /** A product SKU that was pinned on air in the session. */
  product: z.string().trim().min(1).max(100).optional(),
  /**
   * A platform the session went out on, as its log names it (see `sessionPlatformKinds`): the pre-flight's
   * platforms, and the platform of its pushes, pin reminders done, viewer readings and orders.
   */
  platform: platformId.optional(),
};

/** The logged kinds whose payload names the session's platform (`platform`); the pre-flight lists them (`platforms`). */
export const sessionPlatformKinds = ['platform.pushed', 'platform.pinDone', 'audience.viewers', 'order.created'] as const;

/** Events waiting in memory because the database could not take them (disk full, read-only...). */
export const backlogSchema = z.object({
  pending: z.number().int(),
  failing: z.boolean(),
  lastError: z.string().nullable(),
});
export type LogBacklog = z.infer<typeof backlogSchema>;

export const loggedEventSchema = z.object({
  seq: z.number().int(),
  at: z.number(),
  kind: z.string(),
  productId: z.string().nullable(),
  payload: z.unknown(),
});
export type LoggedEvent = z.infer<typeof loggedEventSchema>;

export const exportFormat = z.enum(['csv', 'json', 'archive']);
export type ExportFormat = z.infer<typeof exportFormat>;

/** What the review shows for a product id: its SKU and localized name (null when no longer known here). */
const productLabel = z.object({ sku: z.string().nullable(), name: z.record(z.string(), z.string()) });
export type ProductLabel = z.infer<typeof productLabel>;
/** Product ids seen in an answer, with their labels, so the review shows products instead of ids. */
const productCatalog = z.record(z.string(), productLabel);

const productRow = z.object({
  productId: z.string(),
  sku: z.string().nullable(),
  name: z.record(z.string(), z.string()),
  /** Milliseconds the product was pinned on air (an open pin counts until the session's last event). */
  onAirMs: z.number(),
  timesPinned: z.number().int(),
  dealsRun: z.number().int(),
  unitsSold: z.number(),
  /** Revenue per currency, in minor units (cents, fen). */
  revenue: z.array(z.object({ currency: z.string(), amountMinor: z.number() })),
});
export type ProductSummaryRow = z.infer<typeof productRow>;

const textEntry = z.object({ seq: z.number().int(), at: z.number(), text: z.string() });

const span = z.object({
  from: z.number(),
  to: z.number(),
  label: z.string(),
  productId: z.string().nullable(),
  /** How a deal's span ended (deal.ended, deal.soldOut, deal.cancelled, deal.started again), else null. */
  outcome: z.string().nullable(),
});
/**
 * A stretch with nothing recorded: `host` while the host was not running (from its last event before a
 * crash to the resume), `obs` while the link to OBS was lost (to the reconnect).
 */
const gap = z.object({ from: z.number(), to: z.number(), kind: z.enum(['host', 'obs']) });
export type TimelineGap = z.infer<typeof gap>;
const point = z.object({ seq: z.number().int(), at: z.number(), kind: z.string(), label: z.string() });
export type TimelineSpan = z.infer<typeof span>;
export type TimelinePoint = z.infer<typeof point>;

export const healthPointSchema = z.object({
  at: z.number(),
  samples: z.number().int(),
  fpsMin: z.number().nullable(),
  fpsAvg: z.number().nullable(),
  cpuMax: z.number().nullable(),
  droppedMax: z.number().nullable(),
  skippedMax: z.number().nullable(),
  congestionMax: z.number().nullable(),
  kbpsAvg: z.number().nullable(),
});
export type HealthPoint = z.infer<typeof healthPointSchema>;

export const sessionMethods = {
  'session.start': method({
    summary:
      'Starts the one live session (a broadcast); every logged event is recorded until session.end. It runs the pre-flight (compliance.preflight) for its market first: errors refuse the start (the findings are in the error details) unless override.reason says who approved going live anyway and why; the override, its reason and the findings are logged.',
    input: z.object({
      title: z.string().trim().min(1, rule('session_title')).max(200),
      market: z.string().trim().min(2).max(8),
      hosts: z.array(z.string().trim().min(1).max(100)).max(20).default([]),
      languages: z.array(z.string().trim().min(2).max(35)).max(20).default([]),
      notes: shortText(5000).default(''),
      override: z.object({ reason: overrideReason }).strict().optional(),
    }),
    /** With the pre-flight it passed (its warnings, or the errors overridden); absent on a host without the compliance feature. */
    output: sessionSchema.extend({ preflight: preflightReport.optional() }),
    mutates: true,
  }),
  'session.end': method({
    summary: 'Ends the live session (or the given interrupted one) after writing every pending event.',
    input: z.object({ id: sessionId.optional() }).optional().default({}),
    output: sessionSchema,
    mutates: true,
  }),
  'session.resume': method({
    summary: 'Makes an interrupted session live again (after a crash); the log continues where it stopped.',
    input: z.object({ id: sessionId }),
    output: sessionSchema,
    mutates: true,
  }),
  'session.current': method({
    summary: 'The live session (or null) and the events waiting in memory to be written.',
    input: noInput,
    output: z.object({ session: sessionSchema.nullable(), backlog: backlogSchema }),
    mutates: false,
  }),
  'session.list': method({
    summary: 'Sessions, newest first, filtered by start date range, market, host name, studio, product, platform and status; paged.',
    input: z
      .object({
        ...sessionFilter,
        status: sessionStatus.optional(),
        offset: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(500).default(50),
      })
      .optional()
      .default({ offset: 0, limit: 50 }),
    output: z.object({
      sessions: z.array(sessionSchema),
      total: z.number().int(),
      /** Where the review reads: this PC's log, or the fleet's central store (`serve --central`, Settings). */
      source: z.enum(['local', 'central']),
      /** The studios whose sessions can be listed (one, this PC, when local). */
      studios: z.array(z.object({ id: z.string(), name: z.string() })),
    }),
    mutates: false,
  }),
  'session.compare': method({
    summary:
      'Sessions compared per host, market, studio, product (by SKU) or script version (A/B): time on air, deals, orders, units, revenue, peak viewers. Same filters as session.list.',
    input: z.object({ by: compareBy, ...sessionFilter }),
    output: z.object({ by: compareBy, rows: z.array(compareRowSchema), sessions: z.number().int() }),
    mutates: false,
  }),
  'session.get': method({
    summary: 'One session by id.',
    input: z.object({ id: sessionId }),
    output: sessionSchema,
    mutates: false,
  }),
  'session.mark': method({
    summary: 'Marks a moment in the live session ("the hotkey"), with optional text.',
    input: z.object({ text: shortText(500).optional() }).optional().default({}),
    output: z.object({ sessionId: z.string(), at: z.number() }),
    mutates: true,
  }),
  'session.note': method({
    summary: 'Adds a note to the live session, or to the given session when reviewing it afterwards.',
    input: z.object({ id: sessionId.optional(), text: z.string().trim().min(1, rule('note_empty')).max(5000) }),
    output: z.object({ sessionId: z.string(), at: z.number() }),
    mutates: true,
  }),
  'session.delete': method({
    summary: 'Deletes a session that is not live, with all its events.',
    input: z.object({ id: sessionId }),
    output: z.object({ ok: z.literal(true), deletedEvents: z.number().int() }),
    mutates: true,
  }),
  'session.export': method({
    summary:
      'Writes a session to a file: csv (one row per event, RFC 4180), json (session + events) or archive ' +
      '(a single file another studio PC can import). Progress comes as session.export.progress events.',
    input: z.object({
      id: sessionId,
      format: exportFormat,
      /** A folder to write into; by default <data dir>/exports. */
      folder: z.string().min(1).max(1000).optional(),
    }),
    output: z.object({
      exportId: z.string(),
      path: z.string(),
      fileName: z.string(),
      rows: z.number().int(),
      bytes: z.number().int(),
      /** Path (relative to the host address) that downloads the file with a control token. */
      downloadPath: z.string(),
    }),
    mutates: false,
  }),
  'session.import': method({
    summary:
      'Imports a session archive made by session.export (format "archive"). Merges into an existing copy ' +
      'without duplicates and keeps ids. A malformed or foreign file is refused and nothing changes.',
    input: z.object({ path: z.string().min(1).max(1000) }),
    output: z.object({ session: sessionSchema, importedEvents: z.number().int(), skippedEvents: z.number().int() }),
    mutates: true,
  }),
  'session.summary': method({
    summary: 'The review of one session: counts per kind, per-product figures, marks and notes. Computed in SQL.',
    input: z.object({ id: sessionId }),
    output: z.object({
      session: sessionSchema,
      durationMs: z.number(),
      kinds: z.array(z.object({ kind: z.string(), count: z.number().int() })),
      products: z.array(productRow),
      marks: z.array(textEntry),
      notes: z.array(textEntry),
      alarms: z.number().int(),
      errors: z.number().int(),
      /** Times the link to OBS was lost (not deliberate disconnects). */
      obsLosses: z.number().int(),
      /** Times the host stopped without ending the session (crash, kill, power loss). */
      interruptions: z.number().int(),
    }),
    mutates: false,
  }),
  'session.events': method({
    summary:
      'A page of a session\'s events in order. Without kinds, "offset" is the row number (events are numbered ' +
      'from 1 without gaps), so any page of a huge session is one index seek.',
    input: z.object({
      id: sessionId,
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(1000).default(200),
      kinds: z.array(z.string().min(1).max(80)).max(50).optional(),
    }),
    output: z.object({ events: z.array(loggedEventSchema), total: z.number().int(), productLabels: productCatalog }),
    mutates: false,
  }),
  'session.timeline': method({
    summary: 'Spans (scenes, products on air, deals) and points (marks, alarms, errors...) on a time axis.',
    input: z.object({
      id: sessionId,
      from: z.number().optional(),
      to: z.number().optional(),
      limitPerLane: z.number().int().min(1).max(10_000).default(2000),
    }),
    output: z.object({
      from: z.number(),
      to: z.number(),
      scenes: z.array(span),
      products: z.array(span),
      deals: z.array(span),
      points: z.array(point),
      gaps: z.array(gap),
      productLabels: productCatalog,
      truncated: z.boolean(),
    }),
    mutates: false,
  }),
  'session.health': method({
    summary: 'Stream health over time (fps, CPU, dropped/skipped frames, congestion), in at most `points` buckets.',
    input: z.object({ id: sessionId, points: z.number().int().min(10).max(5000).default(600) }),
    output: z.object({
      bucketMs: z.number(),
      points: z.array(healthPointSchema),
      alarms: z.array(z.object({ at: z.number(), metric: z.string(), valuePct: z.number().nullable() })),
    }),
    mutates: false,
  }),
};

export const sessionEvents = {
  'session.started': event({
    summary: 'A session started (the first event of its log).',
    payload: z.object({ sessionId: z.string(), title: z.string(), market: z.string(), hosts: z.array(z.string()) }),
    logged: true,
  }),
  'session.preflight': event({
    summary: "The pre-flight the session started with: its findings, and the host's override reason when errors were overridden.",
    payload: z.object({
      sessionId: z.string(),
      market: z.string(),
      platforms: z.array(z.string()),
      errorCount: z.number().int(),
      warningCount: z.number().int(),
      findings: z.array(preflightFinding),
      override: z.object({ reason: z.string() }).nullable(),
    }),
    logged: true,
  }),
  'session.ended': event({
    summary: 'The live session ended (the last event of its log).',
    payload: z.object({ sessionId: z.string() }),
    logged: true,
  }),
  'session.mark': event({
    summary: 'A moment a host marked during the broadcast.',
    payload: z.object({ sessionId: z.string(), text: z.string().nullable() }),
    logged: true,
  }),
  'session.note': event({
    summary: 'A note added to a session.',
    payload: z.object({ sessionId: z.string(), text: z.string() }),
    logged: true,
  }),
  'session.interrupted': event({
    summary: 'A session left live by a crash or power loss was found when the host started.',
    payload: z.object({ sessionId: z.string(), lastEventAt: z.number().nullable(), detectedAt: z.number() }),
    logged: true,
  }),
  'session.resumed': event({
    summary: 'An interrupted session was made live again.',
    payload: z.object({ sessionId: z.string() }),
    logged: true,
  }),
  'session.changed': event({
    summary: 'The live session or the log backlog changed (start, end, resume, write failure, recovery).',
    payload: z.object({ session: sessionSchema.nullable(), backlog: backlogSchema }),
    logged: false,
  }),
  'session.listChanged': event({
    summary: 'Sessions were added, ended, imported or deleted: reload the list.',
    payload: z.object({ ids: z.array(z.string()) }),
    logged: false,
  }),
  'session.export.progress': event({
    summary: 'Progress of a running export.',
    payload: z.object({
      exportId: z.string(),
      sessionId: z.string(),
      format: exportFormat,
      written: z.number().int(),
      total: z.number().int(),
      done: z.boolean(),
    }),
    logged: false,
  }),
};
