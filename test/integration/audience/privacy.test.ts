import fs from 'node:fs';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { IncomingChat } from '../../../electron/shared/contract/audience';
import { startTestHost, type TestHost } from '../../support/host';
import { recordEvents } from '../../support/events';
import { tempDir } from '../../support/temp';

// Viewer privacy, read back from the SQLite file itself (a second connection, and its raw bytes).
const dayMs = 24 * 60 * 60 * 1000;
let temp: ReturnType<typeof tempDir>;
let h: TestHost | null = null;
afterEach(async () => {
  await h?.stop();
  h = null;
  temp.cleanup();
});

const clock = { now: Date.UTC(2026, 10, 2, 10, 0, 0) };
async function start(): Promise<TestHost> {
  h = await startTestHost({ dataDir: temp.dir, now: () => clock.now });
  return h;
}

const alice = (n: number, text = `alice says ${n}`): IncomingChat => ({
  platform: 'youtube',
  messageId: `a${n}`,
  authorName: 'Alice Wonderland',
  authorId: 'UC-alice-channel-0001',
  text,
});
const bob = (n: number): IncomingChat => ({ platform: 'youtube', messageId: `b${n}`, authorName: 'Bob Builder', authorId: 'UC-bob-channel-0002', text: `bob says ${n}` });

/** The database file and its WAL as bytes (what a backup of the data folder holds). */
function fileBytes(file: string): string {
  return [file, `${file}-wal`]
    .filter((f) => fs.existsSync(f))
    .map((f) => fs.readFileSync(f).toString('latin1'))
    .join('');
}
const utf8InLatin1 = (text: string) => Buffer.from(text, 'utf8').toString('latin1');

function logged(file: string, kind: string): Record<string, unknown>[] {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare('SELECT payload FROM session_events WHERE kind = ? ORDER BY session_id, seq').all(kind) as { payload: string }[]).map(
      (r) => JSON.parse(r.payload) as Record<string, unknown>,
    );
  } finally {
    db.close();
  }
}

describe('what the studio keeps of a viewer', () => {
  it('logs the author key, not the display name, and never stores the author id anywhere in the file', async () => {
    temp = tempDir();
    const t = await start();
    await t.call('session.start', { title: 'Tea live', market: 'US' });
    await t.call('chat.ingest', { messages: [alice(1), alice(2), bob(1)] });
    await t.call('session.end');
    const file = t.host.context.db.name;

    const events = logged(file, 'chat.message');
    expect(events).toHaveLength(3);
    for (const payload of events) {
      expect(payload).not.toHaveProperty('authorName');
      expect(payload.authorKey).toEqual(expect.any(String));
      expect(JSON.stringify(payload)).not.toContain('Alice');
    }
    expect(events[0]!.authorKey).toBe(events[1]!.authorKey);
    expect(events[2]!.authorKey).not.toBe(events[0]!.authorKey);

    await t.stop();
    h = null;
    const bytes = fileBytes(file);
    expect(bytes).toContain('alice says 1'); // the file is readable as such: the search below is meaningful
    expect(bytes).not.toContain('UC-alice-channel-0001');
    expect(bytes).not.toContain('UC-bob-channel-0002');
  });

  it('forgets a viewer: their messages, their log events (comments, answers, pin) and the bytes in the file', async () => {
    temp = tempDir();
    const t = await start();
    await t.call('session.start', { title: 'Tea live', market: 'US' });
    await t.call('chat.ingest', { messages: [alice(1, 'alice secret question?'), bob(1), alice(2)] });
    await t.call('chat.answer', { id: 'youtube:a1' });
    await t.call('chat.pin', { id: 'youtube:a1' });
    const rec = recordEvents(t);

    const result = await t.call('chat.forget', { platform: 'youtube', authorId: 'UC-alice-channel-0001' });
    expect(result).toEqual({ messages: 2, logEvents: 4 }); // 2 comments, 1 answer, 1 pin
    // At once, with the host still running: neither the database file nor its WAL holds her words.
    const running = fileBytes(t.host.context.db.name);
    expect(running).toContain('bob says 1');
    expect(running).not.toContain('alice secret question?');
    expect(running).not.toContain(utf8InLatin1('Alice Wonderland'));
    expect(rec.of('chat.forgotten')[0]!.payload).toMatchObject({ platform: 'youtube', messages: 2, logEvents: 4 });
    expect(await t.call('chat.pinned')).toEqual({ comment: null });
    expect((await t.call('chat.list', { includeHidden: true })).messages.map((m) => m.id)).toEqual(['youtube:b1']);

    const session = (await t.call('session.current')).session!;
    await t.call('session.end');
    const file = t.host.context.db.name;
    expect(logged(file, 'chat.message').map((p) => p.id)).toEqual(['youtube:b1']);
    expect(logged(file, 'chat.updated').filter((p) => p.id === 'youtube:a1')).toEqual([]);
    // The unpin the erasure caused stays (comment null); the pin of her comment is gone.
    expect(logged(file, 'chat.pinned').map((p) => (p.comment as { id?: string } | null)?.id ?? null)).toEqual([null]);
    const counts = t.host.context.db
      .prepare("SELECT n FROM session_kind_counts WHERE session_id = ? AND kind = 'chat.message'")
      .pluck()
      .get(session.id);
    expect(counts).toBe(1);

    // Forgetting again finds nothing; by the key of a message works the same way.
    expect(await t.call('chat.forget', { platform: 'youtube', authorKey: rec.of('chat.forgotten')[0]!.payload.authorKey })).toEqual({
      messages: 0,
      logEvents: 0,
    });

    await t.stop();
    h = null;
    const db = new Database(file);
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    const bytes = fileBytes(file);
    expect(bytes).toContain('bob says 1');
    expect(bytes).not.toContain('alice secret question?');
    expect(bytes).not.toContain(utf8InLatin1('Alice Wonderland'));
  });

  it('blanks comment texts older than the retention in the store and the log, at once and at the next start', async () => {
    temp = tempDir();
    let t = await start();
    expect(await t.call('chat.privacy')).toEqual({ retentionDays: 30 });
    await t.call('session.start', { title: 'Old live', market: 'US' });
    await t.call('chat.ingest', { messages: [alice(1, 'old comment'), bob(1)] });
    await t.call('chat.pin', { id: 'youtube:a1' });
    await t.call('session.end');

    clock.now += 10 * dayMs;
    await t.call('session.start', { title: 'New live', market: 'US' });
    await t.call('chat.ingest', { messages: [alice(2, 'new comment')] });
    await t.call('session.end');

    const result = await t.call('chat.setPrivacy', { retentionDays: 7 });
    expect(result).toEqual({ retentionDays: 7, removed: 2 });
    const rows = t.host.context.db.prepare('SELECT id, text, author_name FROM chat_messages ORDER BY id').all();
    expect(rows).toEqual([
      { id: 'youtube:a1', text: '', author_name: '' },
      { id: 'youtube:a2', text: 'new comment', author_name: 'Alice Wonderland' },
      { id: 'youtube:b1', text: '', author_name: '' },
    ]);
    const file = t.host.context.db.name;
    expect(logged(file, 'chat.message').map((p) => [p.id, p.text])).toEqual(
      expect.arrayContaining([
        ['youtube:a1', ''],
        ['youtube:b1', ''],
        ['youtube:a2', 'new comment'],
      ]),
    );
    expect(logged(file, 'chat.pinned')[0]).toMatchObject({ comment: { id: 'youtube:a1', text: '', authorName: '' } });
    await expect(t.call('chat.pin', { id: 'youtube:a1' })).rejects.toMatchObject({ key: 'chat.pin_empty' });

    // The next start applies the retention by itself.
    await t.stop();
    clock.now += 8 * dayMs;
    t = await start();
    expect(await t.call('chat.privacy')).toEqual({ retentionDays: 7 });
    const { applyRetention } = t.host.features.audience.chat;
    await applyRetention(); // joins the run the start began
    expect(t.host.context.db.prepare("SELECT text FROM chat_messages WHERE id = 'youtube:a2'").pluck().get()).toBe('');
    expect(logged(t.host.context.db.name, 'chat.message').every((p) => p.text === '')).toBe(true);
  });
});

describe('keyword moderation', () => {
  it("hides comments with a term of every market or of the live session's market, keeps them stored with the term", async () => {
    temp = tempDir();
    let t = await start();
    await t.call('chat.setModeration', { market: '*', terms: ['spam', '骗子'] });
    expect(await t.call('chat.setModeration', { market: 'de', terms: ['Betrug', ' betrug '] })).toEqual({ terms: { '*': ['spam', '骗子'], DE: ['Betrug'] } });
    await t.call('session.start', { title: 'DE live', market: 'DE' });
    const rec = recordEvents(t);
    await t.call('chat.ingest', {
      messages: [
        { ...bob(1), text: 'Das ist BETRUG!' },
        { ...bob(2), text: 'buy followers spam' },
        { ...bob(3), text: '这家是骗子吧' },
        { ...bob(4), text: 'spammer art is fine' },
        { ...bob(5), text: 'schöner Schal' },
      ],
    });
    expect(rec.of('chat.message').map((e) => [e.payload.id, e.payload.hiddenBy])).toEqual([
      ['youtube:b1', 'Betrug'],
      ['youtube:b2', 'spam'],
      ['youtube:b3', '骗子'],
      ['youtube:b4', null],
      ['youtube:b5', null],
    ]);
    expect((await t.call('chat.list', {})).messages.map((m) => m.id)).toEqual(['youtube:b4', 'youtube:b5']);
    expect((await t.call('chat.list', { includeHidden: true })).messages).toHaveLength(5);

    // A changed list applies to what is already in: a new term hides, a removed one shows again,
    // and a comment hidden by hand stays hidden.
    await t.call('chat.hide', { id: 'youtube:b5', hidden: true });
    await t.call('chat.setModeration', { market: 'de', terms: ['Schal'] });
    await t.call('chat.setModeration', { market: '*', terms: ['spam', '骗子', 'spammer'] });
    expect((await t.call('chat.list', { includeHidden: true })).messages.map((m) => [m.id, m.hidden, m.hiddenBy])).toEqual([
      ['youtube:b1', false, null],
      ['youtube:b2', true, 'spam'],
      ['youtube:b3', true, '骗子'],
      ['youtube:b4', true, 'spammer'],
      ['youtube:b5', true, null],
    ]);
    expect(rec.of('chat.updated').filter((e) => e.payload.by === 'moderation').map((e) => [e.payload.id, e.payload.hidden])).toEqual([
      ['youtube:b1', false],
      ['youtube:b4', true],
    ]);
    await t.call('chat.setModeration', { market: 'de', terms: ['Betrug'] });
    await t.call('chat.setModeration', { market: '*', terms: ['spam', '骗子'] });
    await t.call('session.end');

    // Another market's session: DE's terms do not apply; the terms survive a restart.
    await t.stop();
    t = await start();
    expect(await t.call('chat.moderation')).toEqual({ terms: { '*': ['spam', '骗子'], DE: ['Betrug'] } });
    await t.call('session.start', { title: 'US live', market: 'US' });
    await t.call('chat.ingest', { messages: [{ ...bob(6), text: 'Betrug' }] });
    expect((await t.call('chat.list', {})).messages.map((m) => [m.id, m.hidden])).toEqual([['youtube:b6', false]]);
  });
});
