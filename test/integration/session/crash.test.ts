import { spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it, vi } from 'vitest';
import { startTestHost } from '../../support/host';
import { tempDir } from '../../support/temp';

const child = path.join(import.meta.dirname, 'crash-child.ts');
interface Progress {
  count: number;
  at: number;
  /** Events the writer had committed when the child reported (published minus those still queued). */
  committed: number;
}

/** Runs the child until it has been writing for `runMs` (from its first commit), SIGKILLs it, and returns what it reported. */
async function runAndKill(dataDir: string, runMs: number): Promise<{ sessionId: string; progress: Progress[]; killedAt: number }> {
  const proc = spawn(process.execPath, ['--import', 'tsx', child, dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<NodeJS.Signals | null>((resolve) => proc.once('exit', (_code, signal) => resolve(signal)));
  const lines = readline.createInterface({ input: proc.stdout });
  const progress: Progress[] = [];
  let sessionId = '';
  let firstAt = 0;
  const killedAt = await new Promise<number>((resolve, reject) => {
    let killing = false;
    proc.once('exit', () => {
      if (!killing) reject(new Error(`the child exited before it was killed: ${stderr}`));
    });
    lines.on('line', (line) => {
      const [word, a, b, c] = line.split(' ');
      if (word === 'session') sessionId = a!;
      if (word !== 'published') return;
      const entry = { count: Number(a), at: Number(b), committed: Number(c) };
      progress.push(entry);
      // The clock starts at the first commit: on a loaded machine the host may take a while to write at all.
      if (entry.committed > 0 && firstAt === 0) firstAt = entry.at;
      if (firstAt > 0 && Date.now() - firstAt >= runMs && proc.exitCode === null) {
        killing = true;
        const at = Date.now();
        proc.kill('SIGKILL');
        resolve(at);
      }
    });
  });
  expect(await exited).toBe('SIGKILL');
  return { sessionId, progress, killedAt };
}

describe('crash recovery with a real process killed by SIGKILL', () => {
  for (const [round, runMs] of [300, 550, 800, 1100].entries()) {
    it(`round ${round + 1}: killed after ${runMs} ms of writing, the log is intact and the session interrupted`, async () => {
      const temp = tempDir('broadcart-crash-');
      try {
        const { sessionId, progress, killedAt } = await runAndKill(temp.dir, runMs);
        expect(sessionId).not.toBe('');

        // The file as the crash left it: a WAL recovery on open, then the integrity check.
        const raw = new BetterSqlite3(path.join(temp.dir, 'broadcart.db'));
        expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
        raw.close();

        const host = await startTestHost({ dataDir: temp.dir, seedDemo: false });
        try {
          const session = await host.call('session.get', { id: sessionId });
          expect(session.status).toBe('interrupted');
          expect((await host.call('session.current')).session).toBeNull();

          const db = host.host.context.db;
          const marks = db
            .prepare(`SELECT count(*) AS n, max(seq) AS maxSeq, min(seq) AS minSeq FROM session_events WHERE session_id = ? AND kind = 'session.mark'`)
            .get(sessionId) as { n: number; maxSeq: number; minSeq: number };
          // Every event the writer had committed before the kill is present (the child numbered marks m1,
          // m2...): a commit is in the WAL when it returns. What was still queued (at most one group-commit
          // window on a machine that keeps up) may be lost; the clock is not asked, a starved CPU stretches it.
          const safe = progress.filter((p) => p.at <= killedAt && p.committed > 0).at(-1);
          expect(safe, 'the writer committed marks before the kill').toBeDefined();
          expect(marks.n).toBeGreaterThanOrEqual(safe!.committed);
          // No holes: the log is a prefix of what was published (seq 1 is session.started).
          expect(marks.minSeq).toBe(2);
          expect(marks.maxSeq).toBe(marks.n + 1);
          const last = db.prepare(`SELECT payload FROM session_events WHERE session_id = ? AND kind = 'session.mark' ORDER BY seq DESC LIMIT 1`).get(sessionId) as { payload: string };
          expect(JSON.parse(last.payload).text).toBe(`m${marks.n}`);

          // Marked with the time of its last event, and counters agree with the rows.
          const all = db.prepare('SELECT count(*) AS n, max(at) AS lastAt FROM session_events WHERE session_id = ?').get(sessionId) as { n: number; lastAt: number };
          const interrupted = db.prepare(`SELECT at, payload FROM session_events WHERE session_id = ? AND kind = 'session.interrupted'`).get(sessionId) as { at: number; payload: string };
          expect(JSON.parse(interrupted.payload).lastEventAt).toBe(interrupted.at);
          expect(session.lastEventAt).toBe(all.lastAt);
          expect(session.eventCount).toBe(all.n);
          console.log(`round ${round + 1}: ${marks.n} marks kept, ${safe!.committed} committed before the kill, ${progress.at(-1)!.count} published`);

          // It can be resumed and the log continues after the interruption.
          await host.call('session.resume', { id: sessionId });
          await host.call('session.mark', { text: 'after the crash' });
          const ended = await host.call('session.end');
          expect(ended.status).toBe('ended');
          expect(ended.eventCount).toBe(all.n + 3);
        } finally {
          await host.stop();
        }
      } finally {
        temp.cleanup();
      }
    });
  }
});

describe('what a crash left running is settled on restart', () => {
  it('a deal live when the host was killed ends with reason host_interrupted, logged in the interrupted session, and the review shows the interruption', async () => {
    const temp = tempDir('broadcart-crash-deal-');
    try {
      const proc = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'crash-deal-child.ts'), temp.dir], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const exited = new Promise<NodeJS.Signals | null>((resolve) => proc.once('exit', (_code, signal) => resolve(signal)));
      const [sessionId, dealId] = await new Promise<[string, string]>((resolve, reject) => {
        proc.once('exit', () => reject(new Error(`the child exited before it was ready: ${stderr}`)));
        readline.createInterface({ input: proc.stdout }).on('line', (line) => {
          const [word, a, b] = line.split(' ');
          if (word === 'ready') resolve([a!, b!]);
        });
      });
      proc.kill('SIGKILL');
      expect(await exited).toBe('SIGKILL');

      const host = await startTestHost({ dataDir: temp.dir, seedDemo: false });
      try {
        expect(host.host.context.previousRunCrashed).toBe(true);
        const session = await host.call('session.get', { id: sessionId });
        expect(session.status).toBe('interrupted');

        // The deal no longer runs on with nobody at the desk: it ended at restart, with its sales so far.
        const deal = (await host.call('deal.list', {})).deals.find((d) => d.id === dealId)!;
        expect(deal).toMatchObject({ state: 'ended', finishReason: 'host_interrupted', unitsSold: 2 });
        const ended = await host.call('session.events', { id: sessionId, kinds: ['deal.ended'] });
        expect(ended.events.map((e) => (e.payload as { reason: string }).reason)).toEqual(['host_interrupted']);
        expect(ended.productLabels[deal.productId]?.sku).toBe('TEA-JASMINE-100');

        const summary = await host.call('session.summary', { id: sessionId });
        expect(summary.interruptions).toBe(1);

        // Resumed: the lanes end at the crash and go on after the resume, with the gap between.
        await host.call('session.resume', { id: sessionId });
        // Committed within the log writer's window.
        const resumed = await vi.waitFor(async () => {
          const [event] = (await host.call('session.events', { id: sessionId, kinds: ['session.resumed'] })).events;
          if (!event) throw new Error('session.resumed is not committed yet');
          return event;
        });
        // Resume and end within the same millisecond leave nothing on air after the resume (a span of
        // zero length is not drawn): let the clock pass the resume first.
        while (Date.now() <= resumed.at) await new Promise((resolve) => setImmediate(resolve));
        await host.call('session.mark', { text: 'after the crash' });
        await host.call('session.end');
        const interrupted = (await host.call('session.events', { id: sessionId, kinds: ['session.interrupted'] })).events[0]!;
        const tl = await host.call('session.timeline', { id: sessionId });
        expect(tl.gaps).toEqual([{ from: interrupted.at, to: resumed.at, kind: 'host' }]);
        expect(tl.deals).toHaveLength(1);
        expect(tl.deals[0]!.to).toBe(interrupted.at);
        expect(tl.deals[0]!.outcome).toBe('deal.ended');
        expect(tl.scenes.map((s) => [s.label, s.from <= interrupted.at, s.to])).toEqual([
          ['Close-up', true, interrupted.at],
          ['Close-up', false, tl.to],
        ]);
        expect(tl.scenes[1]!.from).toBe(resumed.at);
        expect(tl.points.find((p) => p.kind === 'session.interrupted')?.at).toBe(interrupted.at);
      } finally {
        await host.stop();
      }

      // A clean stop is not a crash: the next start settles nothing.
      const again = await startTestHost({ dataDir: temp.dir, seedDemo: false });
      try {
        expect(again.host.context.previousRunCrashed).toBe(false);
      } finally {
        await again.stop();
      }
    } finally {
      temp.cleanup();
    }
  });
});
