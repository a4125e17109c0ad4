import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { LanguageThread } from '../../../electron/core/features/audience/language/language-thread';

// The chat's language detection on its own thread: the real worker (tinyld's profiles loaded there).
let thread: LanguageThread | null = null;
afterEach(() => thread?.stop());

describe('the language thread', () => {
  it('answers a batch of chat lines in order, in the studio tags, with null for what cannot be told', async () => {
    const reports: string[] = [];
    thread = new LanguageThread((m) => reports.push(m));
    thread.warm();
    const languages = await thread.detect(['¿Cuánto cuesta el envío a Madrid?', '这个有红色的吗', 'ok', '', 'How long should I steep the jasmine tea', 'apakah bisa kirim ke Surabaya']);
    expect(languages).toEqual(['es', 'zh-CN', null, null, 'en', 'id']);
    expect(reports).toEqual([]);
  });

  it('answers every line still waiting in the host thread when its thread dies, and says so once', async () => {
    const reports: string[] = [];
    // A thread that takes the lines and dies without answering (a crash mid-batch).
    const dying = () => new Worker("require('node:worker_threads').parentPort.on('message', () => process.exit(3));", { eval: true });
    thread = new LanguageThread((m) => reports.push(m), dying);
    const [first, second] = await Promise.all([thread.detect(['¿Hay talla grande para mi hermana?']), thread.detect(['这个茶有几克？'])]);
    expect(first).toEqual(['es']);
    expect(second).toEqual(['zh-CN']);
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatch(/language thread stopped \(exit code 3\).*host's thread/);
    // Later lines go straight to the host thread.
    await expect(thread.detect(['me encanta esta taza, ¿la tienen en azul?'])).resolves.toEqual(['es']);
    expect(reports).toHaveLength(1);
  });
});
