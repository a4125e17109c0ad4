import type { LintCode } from './lint-texts';

/**
 * The teleprompter script model: a variant (one language's text) parses into blocks of inline runs and
 * cues. Positions (line, column) are 1-based and point into the variant's source text.
 */

export const cueTypes = ['scene', 'card', 'deal', 'mark', 'pause', 'note'] as const;
export type CueType = (typeof cueTypes)[number];

/** Cue types whose argument is the same in every language (an OBS scene, a SKU, a deal id). */
export const languageNeutralCueTypes: readonly CueType[] = ['scene', 'card', 'deal'];
/** Cue types that take no argument. */
export const argumentlessCueTypes: readonly CueType[] = ['pause'];

export function isCueType(value: string): value is CueType {
  return (cueTypes as readonly string[]).includes(value);
}

export interface Cue {
  type: CueType;
  /** Trimmed text after the colon; '' for [[pause]]. */
  argument: string;
  /** The id written in the source (`[[scene:Close-up#c1]]`), if any. */
  explicitId: string | null;
  /** The id that aligns this cue across languages (explicit, or derived: see align.ts). */
  id: string;
  line: number;
  column: number;
}

export interface TextRun {
  kind: 'text';
  text: string;
  em: boolean;
  strong: boolean;
}
export interface CueRun {
  kind: 'cue';
  cue: Cue;
}
export type Inline = TextRun | CueRun;

export interface HeadingBlock {
  kind: 'heading';
  level: number;
  inlines: Inline[];
  line: number;
}
export interface ParagraphBlock {
  kind: 'paragraph';
  inlines: Inline[];
  line: number;
}
export type Block = HeadingBlock | ParagraphBlock;

export type Severity = 'error' | 'warning';

export interface Diagnostic {
  severity: Severity;
  line: number;
  column: number;
  message: string;
  /** Language of the variant, set by the linter (the parser does not know it). */
  language?: string;
  /** For the UI to say the message in its own language (lint-texts.ts): what kind of problem, and the values the message names. */
  code: LintCode;
  params: Record<string, string>;
  /** A compliance finding: how many characters it covers, its rule, the rule's source and the market it is for. */
  length?: number;
  ruleId?: string;
  source?: string;
  market?: string;
}

export interface ScriptDoc {
  blocks: Block[];
  /** Every cue in reading order (the same objects as in the blocks). */
  cues: Cue[];
}

export interface ParseResult {
  doc: ScriptDoc;
  diagnostics: Diagnostic[];
}
