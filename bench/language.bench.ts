/**
 * `npm run bench:language`: two offline language detectors (tinyld and eld, both pure JS with their
 * data inside the package) on the labelled live-chat lines of test/fixtures/chat-language, side by side:
 * - raw: the engine alone on the line as typed, asked among the six chat languages;
 * - studio: the engine inside the studio's chat wrapper (script shortcuts, too-short lines -> null,
 *   low confidence -> null), as features/audience/language runs it.
 * Accuracy = detected as labelled / lines; "wrong" = routed to another language's lane; "null" = left
 * unrouted. Also: load time (cold import) and detection time per message.
 */
import { chatLanguageDetector, chatLanguages, type LanguageEngine } from '../electron/core/features/audience/language/chat-language-detector';
import { detectorConfidenceFloor } from '../electron/core/features/audience/language/detect-language';
import { loadEldEngine } from './eld-engine';
import { loadTinyldEngine } from '../electron/core/features/audience/language/tinyld-engine';
import { accuracy, labelledChatLines, scoreDetector, type DetectorScore } from '../test/support/chat-language';

const lines = labelledChatLines();
const pct = (n: number, d: number): string => `${((100 * n) / d).toFixed(1)}%`;

interface Run {
  name: string;
  loadMs: number;
  raw: DetectorScore;
  studio: DetectorScore;
  usPerMessage: number;
}

async function measure(name: string, load: () => Promise<LanguageEngine>, minConfidence: number): Promise<Run> {
  const started = performance.now();
  const engine = await load();
  const loadMs = performance.now() - started;
  const bases = chatLanguages.map((tag) => tag.split('-')[0]!);
  const raw = scoreDetector((text) => {
    const best = engine.best(text, bases);
    return best ? (best.language === 'zh' ? 'zh-CN' : best.language) : null;
  }, lines);
  const detect = chatLanguageDetector(engine, minConfidence);
  const studio = scoreDetector((text) => detect(text), lines);
  // Throughput: the whole set, repeated until at least 10,000 messages went through.
  const rounds = Math.ceil(10_000 / lines.length);
  const t0 = performance.now();
  for (let r = 0; r < rounds; r++) for (const line of lines) detect(line.text);
  const usPerMessage = ((performance.now() - t0) * 1000) / (rounds * lines.length);
  return { name, loadMs, raw, studio, usPerMessage };
}

const runs = [
  await measure('tinyld heavy', () => loadTinyldEngine('heavy'), detectorConfidenceFloor.tinyld),
  await measure('eld medium', () => loadEldEngine('medium'), detectorConfidenceFloor.eld),
];

const column = (s: { correct: number; wrong: number; unknown: number; lines: number }): string =>
  `${pct(s.correct, s.lines).padStart(6)} (${String(s.wrong).padStart(2)} wrong, ${String(s.unknown).padStart(2)} null)`;
const header = ['language', 'lines', ...runs.flatMap((r) => [`${r.name} raw`, `${r.name} studio`])];
const rows = [...chatLanguages.map((l) => l as string), 'overall'].map((language) => {
  const pick = (score: DetectorScore) => (language === 'overall' ? score.overall : score.byLanguage[language]!);
  return [language, String(pick(runs[0]!.raw).lines), ...runs.flatMap((r) => [column(pick(r.raw)), column(pick(r.studio))])];
});
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const print = (cells: string[]) => console.log(cells.map((c, i) => c.padEnd(widths[i]!)).join('  '));
console.log(`Language detection on ${lines.length} labelled live-chat lines (test/fixtures/chat-language)\n`);
print(header);
for (const row of rows) print(row);
console.log('');
for (const r of runs)
  console.log(
    `${r.name}: load ${r.loadMs.toFixed(0)} ms, ${r.usPerMessage.toFixed(1)} µs per message (${Math.round(1e6 / r.usPerMessage).toLocaleString('en')} messages/s)`,
  );
const [best, other] = [...runs].sort((a, b) => accuracy(b.studio.overall) - accuracy(a.studio.overall));
console.log(`\nBetter on this set: ${best!.name} (${pct(best!.studio.overall.correct, lines.length)} vs ${pct(other!.studio.overall.correct, lines.length)} overall).`);
if (process.env.BENCH_MISSES) {
  for (const r of runs) {
    console.log(`\n${r.name} studio misses:`);
    for (const [language, s] of Object.entries(r.studio.byLanguage)) console.log(`  ${language}: ${s.misses.map((m) => `${m.text} -> ${m.got}`).join(' | ')}`);
  }
}
