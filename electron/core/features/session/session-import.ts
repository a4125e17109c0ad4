import fs from 'node:fs';
import readline from 'node:readline';
import zlib from 'node:zlib';
import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import { events, HostError, isEventName } from '../../../shared/contract';
import { systemErrorParams } from '../../../shared/contract/error-terms';
import { sessionSchema, type Session } from '../../../shared/contract/session';
import { archiveFormat, archiveVersion } from './session-export';
import type { SessionStore } from './session-store';

const headerSchema = z.object({
  format: z.literal(archiveFormat),
  version: z.number().int(),
  session: sessionSchema.extend({ id: z.string().uuid() }),
  eventCount: z.number().int().min(0),
});
const kindPattern = /^[a-zA-Z][\w]*(\.[a-zA-Z][\w]*)*$/;
const chunkRows = 5000;

type EventTuple = [number, number, string, string | null, Record<string, unknown>];

/**
 * Reads a session archive line by line. Each line is checked: the header (format, version, session),
 * every event (increasing seq, time, kind, product id, payload valid against the contract when the kind
 * is known here) and the closing line with the event count, so a truncated file is refused too.
 */
async function* readArchive(file: string, name = file): AsyncGenerator<{ header: z.infer<typeof headerSchema> } | { event: EventTuple }> {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw new HostError('session.import_no_file', { name });
  }
  if (!stat.isFile()) throw new HostError('session.import_not_a_file', { name });
  const gunzip = zlib.createGunzip();
  const input = fs.createReadStream(file).pipe(gunzip);
  const lines = readline.createInterface({ input, crlfDelay: Infinity });
  const refuse = (line: number, why: string) =>
    new HostError('session.import_invalid_line', { name, line, reason: why });
  let lineNo = 0;
  let header: z.infer<typeof headerSchema> | null = null;
  let lastSeq = 0;
  let count = 0;
  let ended = false;
  try {
    for await (const line of lines) {
      lineNo++;
      if (ended) throw refuse(lineNo, 'data after the closing line');
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        throw refuse(lineNo, 'not JSON');
      }
      if (!header) {
        const parsed = headerSchema.safeParse(value);
        if (!parsed.success) {
          const format = (value as { format?: unknown } | null)?.format;
          throw format === archiveFormat
            ? refuse(lineNo, `bad header: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`)
            : refuse(lineNo, 'this is not a Broadcart Studio session archive');
        }
        if (parsed.data.version > archiveVersion) {
          throw new HostError('session.import_newer_version', { name, version: parsed.data.version });
        }
        header = parsed.data;
        yield { header };
        continue;
      }
      if (!Array.isArray(value)) {
        const end = value as { end?: unknown; eventCount?: unknown };
        if (end?.end !== true) throw refuse(lineNo, 'expected an event or the closing line');
        if (end.eventCount !== count || count !== header.eventCount) {
          throw refuse(lineNo, `the archive says ${header.eventCount} events but holds ${count}`);
        }
        ended = true;
        continue;
      }
      const [seq, at, kind, productId, payload] = value as unknown[];
      if (value.length !== 5) throw refuse(lineNo, 'an event has 5 fields');
      if (!Number.isSafeInteger(seq) || (seq as number) <= lastSeq) throw refuse(lineNo, 'sequence numbers must increase');
      if (typeof at !== 'number' || !Number.isFinite(at)) throw refuse(lineNo, 'bad time');
      if (typeof kind !== 'string' || kind.length > 80 || !kindPattern.test(kind)) throw refuse(lineNo, 'bad event kind');
      if (productId !== null && (typeof productId !== 'string' || productId.length > 200)) throw refuse(lineNo, 'bad product id');
      if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) throw refuse(lineNo, 'the payload must be an object');
      // Kinds this version knows are checked against the contract; newer kinds are kept as they are.
      if (isEventName(kind) && !events[kind].payload.safeParse(payload).success) {
        throw refuse(lineNo, `the payload does not match the ${kind} event`);
      }
      lastSeq = seq as number;
      count++;
      yield { event: [seq as number, at, kind, productId as string | null, payload as Record<string, unknown>] };
    }
  } catch (error) {
    if (error instanceof HostError) throw error;
    const code = (error as { code?: string }).code ?? '';
    throw code.startsWith('Z_') || code === 'ERR_INVALID_ARG_TYPE'
      ? new HostError('session.import_not_gzip', { name })
      : new HostError('session.import_unreadable', { name, ...systemErrorParams(error) });
  } finally {
    lines.close();
    input.destroy();
  }
  if (!header) throw new HostError('session.import_empty', { name });
  if (!ended) throw refuse(lineNo, 'the file ends early (no closing line); it was cut off');
}

/**
 * Imports an archive in two passes: first the whole file is validated without touching the database;
 * then rows are inserted in chunks (yielding in between), skipping events already present, so importing
 * the same archive twice, or the archive of a session this PC already has, merges without duplicates.
 * If inserting fails, a session that did not exist before is removed again.
 */
export async function importArchive(
  db: Database,
  store: SessionStore,
  file: string,
  /** How messages name the file (the name a browser upload had, instead of its temporary path). */
  name = file,
): Promise<{ session: Session; importedEvents: number; skippedEvents: number }> {
  let header: z.infer<typeof headerSchema> | null = null;
  for await (const item of readArchive(file, name)) if ('header' in item) header = item.header;
  const incoming = header!.session;

  const existing = store.find(incoming.id);
  if (existing?.status === 'live') {
    throw new HostError('session.import_live_here', { title: existing.title });
  }
  if (!existing) {
    // A session that was live when exported comes in as interrupted: it may be resumed or ended here.
    store.insert({ ...incoming, status: incoming.status === 'live' ? 'interrupted' : incoming.status, eventCount: 0, lastEventAt: null });
  }
  const insert = db.prepare(
    'INSERT OR IGNORE INTO session_events (session_id, seq, at, kind, product_id, payload) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const insertChunk = db.transaction((rows: EventTuple[]) => {
    let added = 0;
    for (const [seq, at, kind, productId, payload] of rows) {
      added += insert.run(incoming.id, seq, at, kind, productId, JSON.stringify(payload)).changes;
    }
    return added;
  });
  let imported = 0;
  let seen = 0;
  try {
    let chunk: EventTuple[] = [];
    for await (const item of readArchive(file, name)) {
      if (!('event' in item)) continue;
      chunk.push(item.event);
      if (chunk.length >= chunkRows) {
        imported += insertChunk(chunk);
        seen += chunk.length;
        chunk = [];
      }
    }
    imported += insertChunk(chunk);
    seen += chunk.length;
    store.rebuildAggregates(incoming.id);
  } catch (error) {
    if (!existing) while (store.find(incoming.id)) store.deleteChunk(incoming.id);
    throw error;
  }
  return { session: store.get(incoming.id), importedEvents: imported, skippedEvents: seen - imported };
}
