/**
 * Keyword moderation: a comment containing one of the terms of its market (or of `*`, every market) is
 * hidden. Terms in scripts written with spaces between words (Latin, Cyrillic, Arabic...) match whole
 * words only, so "ass" hides "ass" but not "class"; terms in scripts without spaces (Chinese, Japanese,
 * Thai, Korean written solid) match anywhere in the text. Case, width (ｆｕｌｌ-width) and accents as
 * composed characters are folded the same way on both sides.
 */

export type ModerationTerms = Record<string, string[]>;

/** Scripts written without spaces between words: a term matches as a substring there. */
const solidScript = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;

export function foldForMatching(text: string): string {
  return text.normalize('NFKC').toLocaleLowerCase('und');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** One market's compiled matcher: the first term found in a text, or null. */
export interface TermMatcher {
  match(text: string): string | null;
}

export function compileTerms(terms: readonly string[]): TermMatcher {
  const wordTerms = new Map<string, string>();
  const solidTerms: { folded: string; term: string }[] = [];
  for (const term of terms) {
    const folded = foldForMatching(term.trim());
    if (folded.length === 0) continue;
    if (solidScript.test(folded)) solidTerms.push({ folded, term });
    else if (!wordTerms.has(folded)) wordTerms.set(folded, term);
  }
  // Longest first, so a longer term wins over a prefix of it in the alternation.
  const words = [...wordTerms.keys()].sort((a, b) => b.length - a.length);
  const wordPattern =
    words.length > 0 ? new RegExp(`(?<![\\p{L}\\p{N}\\p{M}])(?:${words.map(escapeRegExp).join('|')})(?![\\p{L}\\p{N}\\p{M}])`, 'u') : null;
  return {
    match(text) {
      const folded = foldForMatching(text);
      for (const { folded: term, term: original } of solidTerms) if (folded.includes(term)) return original;
      const found = wordPattern?.exec(folded);
      return found ? (wordTerms.get(found[0]) ?? found[0]) : null;
    },
  };
}

/** Cleans what a user typed: trimmed, no empty or repeated terms (case-insensitively), in their order. */
export function cleanTerms(terms: readonly string[]): string[] {
  const seen = new Set<string>();
  const kept: string[] = [];
  for (const raw of terms) {
    const term = raw.trim();
    const key = foldForMatching(term);
    if (term.length === 0 || seen.has(key)) continue;
    seen.add(key);
    kept.push(term);
  }
  return kept;
}

/** The matchers per market, recompiled only when the terms change. */
export class Moderation {
  private matchers = new Map<string, TermMatcher>();

  constructor(private terms: ModerationTerms) {
    this.compile();
  }

  all(): ModerationTerms {
    return structuredClone(this.terms);
  }

  replace(market: string, terms: readonly string[]): ModerationTerms {
    const cleaned = cleanTerms(terms);
    if (cleaned.length === 0) delete this.terms[market];
    else this.terms[market] = cleaned;
    this.compile();
    return this.all();
  }

  /** The term that hides this text in this market (`*` terms apply everywhere), or null. */
  match(text: string, market: string | null): string | null {
    const everywhere = this.matchers.get('*')?.match(text) ?? null;
    if (everywhere !== null || market === null) return everywhere;
    return this.matchers.get(market.toUpperCase())?.match(text) ?? null;
  }

  private compile(): void {
    this.matchers = new Map(Object.entries(this.terms).map(([market, list]) => [market, compileTerms(list)]));
  }
}
