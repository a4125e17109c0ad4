/**
 * `npm run bench:compliance`: a 20,000-word script in three languages (en, zh-CN, de) checked against
 * every rule pack (markets CN, US, GB and DE, sold on TikTok Shop, so all five packs apply), beside the
 * existing script parser (shared/prompter parseScript) on the same text in the same run.
 *
 * Goal: the compliance check adds at most 2x the parse time, so the editor's check stays live.
 * Writes bench/results/compliance.json.
 */
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { RuleBook } from '../electron/shared/compliance/check';
import { englishRuleMessages, loadRulePacks } from '../electron/core/features/compliance/rule-packs';
import { parseScript } from '../electron/shared/prompter';
import { percentile } from './stats';

const words = 20_000;
const runs = 15;
const markets = ['CN', 'US', 'GB', 'DE'];

/** Sentences of about 14 words each; every tenth paragraph holds a term some pack reports, and a cue. */
const sentences: Record<string, { plain: string; flagged: string; wordsPerSentence: number }> = {
  en: {
    plain: 'We pour the tea slowly and let the leaves open in the warm water today.',
    flagged: 'This is the best jasmine tea, only today, and it is eco-friendly too.',
    wordsPerSentence: 14,
  },
  'zh-CN': {
    plain: '我们慢慢地倒茶，让茶叶在温水里慢慢舒展开来，今天一起品尝。',
    flagged: '这是全网最低价，也是最好的茉莉花茶，第一次喝的朋友一定要试试。',
    wordsPerSentence: 14,
  },
  de: {
    plain: 'Wir gießen den Tee langsam auf und lassen die Blätter im warmen Wasser aufgehen.',
    flagged: 'Nur heute 30 % Rabatt auf unseren umweltfreundlichen Jasmintee, solange der Vorrat reicht.',
    wordsPerSentence: 14,
  },
};

function script(language: string): string {
  const { plain, flagged, wordsPerSentence } = sentences[language]!;
  const parts: string[] = ['# Long show'];
  let count = 0;
  let paragraph = 0;
  while (count < words) {
    paragraph++;
    const lines: string[] = [];
    for (let i = 0; i < 10; i++) lines.push(paragraph % 10 === 0 && i === 5 ? flagged : plain);
    count += wordsPerSentence * 10;
    parts.push(`[[mark:Part ${paragraph}]] ${lines.join(' ')}`);
  }
  return parts.join('\n\n');
}

function time(fn: () => void): number[] {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    samples.push(performance.now() - start);
  }
  return samples;
}

function main() {
  const variants = Object.fromEntries(Object.keys(sentences).map((l) => [l, script(l)]));
  const book = new RuleBook(loadRulePacks().map((l) => l.pack), englishRuleMessages);
  const now = Date.now();
  let findings = 0;
  const check = () => {
    findings = 0;
    for (const [language, text] of Object.entries(variants)) {
      for (const market of markets) findings += book.check({ market, language, text, kind: 'script', platforms: ['tiktok-shop'], now }).findings.length;
    }
  };
  const parse = () => {
    for (const text of Object.values(variants)) parseScript(text);
  };

  const coldStart = performance.now();
  check(); // the first check compiles each market's rules (cached after)
  const cold = performance.now() - coldStart;
  parse();
  const parseMs = time(parse);
  const checkMs = time(check);
  const parseMedian = percentile(parseMs, 50);
  const checkMedian = percentile(checkMs, 50);
  const ratio = checkMedian / parseMedian;

  const rows = [
    ['script parser (baseline), 3 variants', parseMedian, percentile(parseMs, 95)],
    [`compliance check, 3 variants x ${markets.length} markets, all packs`, checkMedian, percentile(checkMs, 95)],
  ] as const;
  console.log(`\nbench:compliance: ${words.toLocaleString('en')} words per variant, ${Object.keys(variants).join(', ')}; ${runs} runs each\n`);
  console.log('what'.padEnd(62) + 'median ms'.padStart(12) + 'p95 ms'.padStart(10));
  for (const [what, median, p95] of rows) console.log(what.padEnd(62) + median.toFixed(1).padStart(12) + p95.toFixed(1).padStart(10));
  console.log(`first check (compiling the rules): ${cold.toFixed(1)} ms; findings per check: ${findings}`);
  const ok = ratio <= 2;
  console.log(`\ncheck / parse = ${ratio.toFixed(2)}x (goal <= 2x): ${ok ? 'met' : 'NOT met'}\n`);

  const out = path.resolve(import.meta.dirname, 'results');
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(
    path.join(out, 'compliance.json'),
    JSON.stringify({ words, languages: Object.keys(variants), markets, runs, parseMedianMs: parseMedian, checkMedianMs: checkMedian, coldCheckMs: cold, ratio, findings, goalMet: ok }, null, 2),
  );
  if (!ok) process.exitCode = 1;
}

main();
