import { markets } from '../markets';
import { fillTemplate } from '../template';
import { allowCueType, parseAllowBody, type Exemption } from './exemptions';
import type { CheckKind, DealRuleRef, PackSpec, RuleCategory, RuleSpec, TermSpec } from './pack-schema';

/**
 * The compliance check: a text (script variant, card field, announcement, chat reply) against the rules
 * of a market's packs. Pure and synchronous; the host feeds it the facts of a card or deal.
 *
 * Matching, per script: terms of spaced scripts (Latin, Cyrillic...) match on word boundaries, case
 * insensitive, so "best" is not found in "bestow"; terms of scripts written without spaces (Chinese,
 * Japanese, Thai, Korean with its attached particles) match as substrings, with `notAfter`/`notBefore`
 * ruling out the longer words a term is merely part of (第一 in 第一次). A regular expression with \b
 * would be wrong there: JavaScript's \b only knows ASCII word characters.
 */

export interface CustomTerm {
  market: string;
  term: string;
  severity: 'error' | 'warning';
  category: RuleCategory;
}

/** What the host knows about the card or deal a text belongs to. Each rule that needs a fact it lacks only reminds. */
export interface CheckFacts {
  /** The largest "% off" a viewer may be told: measured from the prior price (the EU: the lowest of the last 30 days). */
  allowedPercentOff?: number;
  /** The prior price the percent is measured from, formatted for the market. */
  priorPrice?: string;
  /** Whether the offer the text announces really ends (a deal with an end time). */
  offerEnds?: boolean;
  /** The deal rules (cards/price-rules.ts, platform/flash-deal-rules.ts) the deal breaks, with their English reason. */
  brokenDealRules?: Partial<Record<DealRuleRef, string>>;
}

export interface CheckInput {
  market: string;
  language: string;
  text: string;
  kind: CheckKind;
  /** Platforms the text is used on (a platform pack applies only there). */
  platforms: readonly string[];
  now: number;
  customTerms?: readonly CustomTerm[];
  facts?: CheckFacts;
}

export interface Finding {
  ruleId: string;
  severity: 'error' | 'warning';
  category: RuleCategory;
  line: number;
  column: number;
  length: number;
  /** The words found ('' for a missing phrase or a deal rule). */
  term: string;
  /** In English; the UI says `rules.<messageKey>` of locales/<lang>/compliance.json with `params`. */
  message: string;
  messageKey: string;
  params: Record<string, string>;
  /** The statute or platform rule, with its article. */
  source: string;
  /** Set when the text marks this term as exempt but the rule allows no exemption. */
  exemptionRefused?: string;
}

export interface ExemptedFinding {
  ruleId: string;
  line: number;
  column: number;
  term: string;
  reason: string;
}

export interface CheckResult {
  findings: Finding[];
  exempted: ExemptedFinding[];
}

export interface LoadedRule {
  spec: RuleSpec;
  pack: PackSpec;
  validFromMs: number;
  /** First moment it no longer applies; Infinity when open-ended. */
  validUntilMs: number;
}

const dayMs = 24 * 3600 * 1000;
const unspacedScript = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** One key for a term however it is written: lower case, one space, straight apostrophes. */
const termKey = (s: string) => s.toLowerCase().replace(/\s+/g, ' ').replace(/[’‘]/g, "'");

interface TermEntry<T> {
  term: string;
  notAfter: readonly string[];
  notBefore: readonly string[];
  tag: T;
}

interface TermMatch<T> {
  index: number;
  length: number;
  text: string;
  tags: T[];
}

/**
 * A set of terms compiled into two regular expressions: one for spaced scripts (with Unicode-aware word
 * boundaries), one for unspaced scripts (substrings, longest first), each match mapped back to its terms.
 */
class TermSet<T> {
  private readonly spaced: RegExp | null;
  private readonly unspaced: RegExp | null;
  private readonly byKey = new Map<string, TermEntry<T>[]>();

  constructor(entries: readonly TermEntry<T>[]) {
    const spaced: string[] = [];
    const unspaced: string[] = [];
    for (const entry of entries) {
      const key = termKey(entry.term);
      const list = this.byKey.get(key);
      if (list) list.push(entry);
      else {
        this.byKey.set(key, [entry]);
        const source = key
          .split(' ')
          .map((part) => escapeRegExp(part).replace(/'/g, "['’‘]"))
          .join('\\s+');
        (unspacedScript.test(entry.term) ? unspaced : spaced).push(source);
      }
    }
    const longestFirst = (a: string, b: string) => b.length - a.length;
    this.spaced = spaced.length ? new RegExp(`(?<![\\p{L}\\p{N}_])(?:${spaced.sort(longestFirst).join('|')})(?![\\p{L}\\p{N}_])`, 'giu') : null;
    this.unspaced = unspaced.length ? new RegExp(unspaced.sort(longestFirst).join('|'), 'giu') : null;
  }

  get empty(): boolean {
    return this.spaced === null && this.unspaced === null;
  }

  matches(text: string): TermMatch<T>[] {
    const out: TermMatch<T>[] = [];
    for (const regex of [this.spaced, this.unspaced]) {
      if (!regex) continue;
      regex.lastIndex = 0;
      let m: RegExpExecArray | null;
      while ((m = regex.exec(text)) !== null) {
        const entries = this.byKey.get(termKey(m[0])) ?? [];
        const tags = entries.filter((e) => fitsContext(text, m!.index, m![0].length, e)).map((e) => e.tag);
        if (tags.length > 0) out.push({ index: m.index, length: m[0].length, text: m[0], tags });
        else regex.lastIndex = m.index + 1; // a shorter term may start here (全网最低价 ruled out, 最低 not)
      }
    }
    return out;
  }

  has(text: string): boolean {
    return this.matches(text).length > 0;
  }
}

function fitsContext(text: string, index: number, length: number, entry: TermEntry<unknown>): boolean {
  const after = text.slice(index + length, index + length + 8);
  if (entry.notAfter.some((w) => after.startsWith(w))) return false;
  const before = text.slice(Math.max(0, index - 8), index);
  return !entry.notBefore.some((w) => before.endsWith(w));
}

function entriesOf<T>(terms: readonly TermSpec[], tag: T): TermEntry<T>[] {
  return terms.map((t) =>
    typeof t === 'string' ? { term: t, notAfter: [], notBefore: [], tag } : { term: t.term, notAfter: t.notAfter ?? [], notBefore: t.notBefore ?? [], tag },
  );
}

/** The masked text (cues blanked out, same length, so columns stay) and the exemptions its allow cues name. */
export function prepareText(text: string): { masked: string; exemptions: Exemption[]; lineStarts: number[] } {
  const exemptions: Exemption[] = [];
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lineStarts.push(i + 1);
  const masked = text.includes('[[')
    ? text.replace(/\[\[([^\]\n]*)\]\]/g, (whole, body: string, offset: number) => {
        const colon = body.indexOf(':');
        if (colon > 0 && body.slice(0, colon).trim().toLowerCase() === allowCueType) {
          const parsed = parseAllowBody(body.slice(colon + 1));
          if ('term' in parsed) {
            const { line, column } = position(lineStarts, offset);
            exemptions.push({ term: parsed.term, reason: parsed.reason, line, column });
          }
        }
        return ' '.repeat(whole.length);
      })
    : text;
  return { masked, exemptions, lineStarts };
}

function position(lineStarts: readonly number[], offset: number): { line: number; column: number } {
  let low = 0;
  let high = lineStarts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (lineStarts[mid]! <= offset) low = mid;
    else high = mid - 1;
  }
  return { line: low + 1, column: offset - lineStarts[low]! + 1 };
}

/** What a rule's text matchers need, compiled once per set of applicable rules. */
interface Compiled {
  terms: TermSet<LoadedRule>;
  patterns: { rule: LoadedRule; regex: RegExp }[];
  requires: { rule: LoadedRule; when: TermSet<true> | null; phrases: TermSet<true> }[];
  dealRules: LoadedRule[];
}

export function sourceText(rule: RuleSpec): string {
  return `${rule.source.law}, ${rule.source.article}`;
}

export function ruleAppliesTo(rule: LoadedRule, input: Pick<CheckInput, 'market' | 'language' | 'kind' | 'platforms' | 'now'>): boolean {
  const { spec, pack } = rule;
  if (input.now < rule.validFromMs || input.now >= rule.validUntilMs) return false;
  if (pack.platforms && !pack.platforms.some((p) => input.platforms.includes(p))) return false;
  const eu = (markets as Record<string, { eu: boolean }>)[input.market]?.eu ?? false;
  if (!spec.markets.some((m) => m === '*' || m === input.market || (m === 'EU' && eu))) return false;
  const base = input.language.split('-')[0]!.toLowerCase();
  if (!spec.languages.some((l) => l === '*' || l === base)) return false;
  return spec.kinds === undefined || spec.kinds.includes(input.kind);
}

/** A user's own term as a rule of its own, so it is matched, reported and listed like the packs' rules. */
function customRule(term: CustomTerm, index: number): LoadedRule {
  const spec: RuleSpec = {
    id: `custom.${term.market.toLowerCase()}.${index + 1}`,
    markets: [term.market],
    languages: ['*'],
    category: term.category,
    severity: term.severity,
    matcher: { type: 'terms', terms: [term.term] },
    message: 'custom_term',
    source: { law: 'Your own terms (Settings > Compliance)', article: term.market },
    validFrom: '2000-01-01',
  };
  return { spec, pack: { id: 'custom', title: 'Your own terms', rules: [spec] }, validFromMs: 0, validUntilMs: Infinity };
}

export class RuleBook {
  readonly rules: readonly LoadedRule[];
  private readonly cache = new Map<string, Compiled>();

  constructor(
    packs: readonly PackSpec[],
    /** English message templates, by key (locales/en/compliance.json rules). */
    private readonly messages: Readonly<Record<string, string>>,
  ) {
    this.rules = packs.flatMap((pack) =>
      pack.rules.map((spec) => ({
        spec,
        pack,
        validFromMs: Date.parse(`${spec.validFrom}T00:00:00Z`),
        validUntilMs: spec.validUntil ? Date.parse(`${spec.validUntil}T00:00:00Z`) + dayMs : Infinity,
      })),
    );
  }

  check(input: CheckInput): CheckResult {
    const custom = (input.customTerms ?? []).map(customRule);
    const applicable = [...this.rules, ...custom].filter((rule) => ruleAppliesTo(rule, input));
    if (applicable.length === 0) return { findings: [], exempted: [] };
    // A deal is checked by its facts even with no text; a text rule has nothing to say about no text.
    const compiled = input.text.trim() === '' ? { ...this.compile(applicable), requires: [] } : this.compile(applicable);
    const { masked, exemptions, lineStarts } = prepareText(input.text);
    const raw: Finding[] = [];
    const at = (index: number) => position(lineStarts, index);
    const finding = (rule: LoadedRule, index: number, length: number, term: string, key = rule.spec.message, params: Record<string, string> = {}, severity = rule.spec.severity): Finding => {
      const all = { term, market: input.market, ...params };
      return {
        ruleId: rule.spec.id,
        severity,
        category: rule.spec.category,
        ...at(index),
        length,
        term,
        message: fillTemplate(this.messages[key] ?? key, all),
        messageKey: key,
        params: all,
        source: sourceText(rule.spec),
      };
    };

    for (const match of compiled.terms.matches(masked)) {
      for (const rule of match.tags) {
        const fact = this.factOutcome(rule, input.facts, {});
        if (fact === 'skip') continue;
        raw.push(finding(rule, match.index, match.length, match.text, fact.key, fact.params, fact.severity));
      }
    }
    for (const { rule, regex } of compiled.patterns) {
      regex.lastIndex = 0;
      let m: RegExpExecArray | null;
      while ((m = regex.exec(masked)) !== null) {
        if (m[0].length === 0) {
          regex.lastIndex++;
          continue;
        }
        const fact = this.factOutcome(rule, input.facts, { claimed: m[1] });
        if (fact !== 'skip') raw.push(finding(rule, m.index, m[0].length, m[0], fact.key, fact.params, fact.severity));
      }
    }
    for (const { rule, when, phrases } of compiled.requires) {
      const trigger = when ? when.matches(masked)[0] : { index: 0, length: 0, text: '' };
      if (!trigger || phrases.has(masked)) continue;
      const first = typeof rule.spec.matcher === 'object' && rule.spec.matcher.type === 'requires' ? rule.spec.matcher.phrases[0]! : '';
      raw.push(finding(rule, trigger.index, trigger.length, trigger.text, rule.spec.message, { phrase: typeof first === 'string' ? first : first.term }));
    }
    for (const rule of compiled.dealRules) {
      if (rule.spec.matcher.type !== 'dealRule') continue;
      const reason = input.facts?.brokenDealRules?.[rule.spec.matcher.rule];
      if (reason !== undefined) raw.push(finding(rule, 0, 0, '', rule.spec.message, { reason }));
    }

    const allows = (ruleId: string) => (applicable.find((r) => r.spec.id === ruleId)?.spec.exemptions?.length ?? 0) > 0;
    return applyExemptions(dropContained(raw), exemptions, masked, lineStarts, allows);
  }

  /** The message (and severity) of a fact rule, from the facts; 'skip' when the facts clear the text or a script can only be reminded and the rule has no reminder. */
  private factOutcome(
    rule: LoadedRule,
    facts: CheckFacts | undefined,
    found: { claimed?: string },
  ): 'skip' | { key: string; params: Record<string, string>; severity: 'error' | 'warning' } {
    const { spec } = rule;
    if (!spec.fact) return { key: spec.message, params: {}, severity: spec.severity };
    const remind = () => (spec.unverifiedMessage ? { key: spec.unverifiedMessage, params: {}, severity: 'warning' as const } : ('skip' as const));
    if (spec.fact === 'percent_off_prior_price') {
      if (facts?.allowedPercentOff === undefined) return remind();
      const claimed = Number(found.claimed);
      if (!Number.isFinite(claimed) || claimed <= facts.allowedPercentOff) return 'skip';
      return {
        key: spec.message,
        params: { claimed: String(claimed), allowed: String(facts.allowedPercentOff), priorPrice: facts.priorPrice ?? '' },
        severity: spec.severity,
      };
    }
    if (facts?.offerEnds === undefined) return remind();
    return facts.offerEnds ? 'skip' : { key: spec.message, params: {}, severity: spec.severity };
  }

  private compile(rules: readonly LoadedRule[]): Compiled {
    const key = rules.map((r) => r.spec.id).join('\n') + '\n' + rules.filter((r) => r.pack.id === 'custom').map((r) => JSON.stringify(r.spec.matcher)).join('\n');
    const cached = this.cache.get(key);
    if (cached) return cached;
    const termEntries: TermEntry<LoadedRule>[] = [];
    const compiled: Compiled = { terms: new TermSet([]), patterns: [], requires: [], dealRules: [] };
    for (const rule of rules) {
      const m = rule.spec.matcher;
      if (m.type === 'terms') termEntries.push(...entriesOf(m.terms, rule));
      else if (m.type === 'pattern') compiled.patterns.push({ rule, regex: new RegExp(m.pattern, 'giu') });
      else if (m.type === 'requires')
        compiled.requires.push({ rule, when: m.when ? new TermSet(entriesOf(m.when, true as const)) : null, phrases: new TermSet(entriesOf(m.phrases, true as const)) });
      else compiled.dealRules.push(rule);
    }
    compiled.terms = new TermSet(termEntries);
    if (this.cache.size > 64) this.cache.clear();
    this.cache.set(key, compiled);
    return compiled;
  }
}

/** A term found inside a longer one that is already reported (最低 in 全网最低) says nothing more. */
function dropContained(findings: Finding[]): Finding[] {
  const sorted = [...findings].sort((a, b) => a.line - b.line || a.column - b.column || b.length - a.length);
  const kept: Finding[] = [];
  for (const f of sorted) {
    const inside = kept.some(
      (k) => k.line === f.line && k.ruleId !== f.ruleId && f.length > 0 && k.column <= f.column && f.column + f.length <= k.column + k.length && f.length < k.length,
    );
    if (!inside) kept.push(f);
  }
  return kept;
}

/** Drops each finding an [[allow:term | reason]] on its line covers, unless its rule allows no exemption. */
function applyExemptions(
  findings: Finding[],
  exemptions: readonly Exemption[],
  masked: string,
  lineStarts: readonly number[],
  allowsExemption: (ruleId: string) => boolean,
): CheckResult {
  if (exemptions.length === 0) return { findings, exempted: [] };
  const exempted: ExemptedFinding[] = [];
  const kept: Finding[] = [];
  for (const f of findings) {
    const cover = exemptions.find((e) => e.line === f.line && f.length > 0 && covers(masked, lineStarts, e, f));
    if (!cover) {
      kept.push(f);
      continue;
    }
    if (allowsExemption(f.ruleId)) exempted.push({ ruleId: f.ruleId, line: f.line, column: f.column, term: f.term, reason: cover.reason });
    else kept.push({ ...f, exemptionRefused: cover.reason });
  }
  return { findings: kept, exempted };
}

/** True when one of the exemption term's occurrences on the finding's line spans the finding. */
function covers(masked: string, lineStarts: readonly number[], e: Exemption, f: Finding): boolean {
  const start = lineStarts[f.line - 1]!;
  const end = f.line < lineStarts.length ? lineStarts[f.line]! : masked.length;
  // Lower case only: it keeps the columns (collapsing spaces would not).
  const line = masked.slice(start, end).toLowerCase();
  const term = e.term.toLowerCase();
  const from = f.column - 1;
  for (let i = line.indexOf(term); i >= 0; i = line.indexOf(term, i + 1)) {
    if (i <= from && from + f.length <= i + term.length) return true;
  }
  return false;
}
