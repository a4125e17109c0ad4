import fs from 'node:fs';
import path from 'node:path';

/** The labelled chat lines (test/fixtures/chat-language/labelled-chat.json) and how a detector scores on them. */

export interface LabelledLine {
  text: string;
  language: string;
}

export function labelledChatLines(): LabelledLine[] {
  const file = path.resolve(import.meta.dirname, '../fixtures/chat-language/labelled-chat.json');
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { lines: LabelledLine[] }).lines;
}

export interface LanguageScore {
  lines: number;
  /** Detected as labelled. */
  correct: number;
  /** Detected as another language: the question would land on the wrong co-host's lane. */
  wrong: number;
  /** No answer (too short or too unsure): the question stays in the dock only. */
  unknown: number;
  misses: { text: string; got: string | null }[];
}

export interface DetectorScore {
  byLanguage: Record<string, LanguageScore>;
  overall: LanguageScore;
}

export const accuracy = (s: LanguageScore): number => s.correct / s.lines;

export function scoreDetector(detect: (text: string) => string | null, lines: readonly LabelledLine[]): DetectorScore {
  const empty = (): LanguageScore => ({ lines: 0, correct: 0, wrong: 0, unknown: 0, misses: [] });
  const byLanguage: Record<string, LanguageScore> = {};
  const overall = empty();
  for (const line of lines) {
    const got = detect(line.text);
    for (const score of [(byLanguage[line.language] ??= empty()), overall]) {
      score.lines++;
      if (got === line.language) score.correct++;
      else {
        if (got === null) score.unknown++;
        else score.wrong++;
        score.misses.push({ text: line.text, got });
      }
    }
  }
  return { byLanguage, overall };
}
