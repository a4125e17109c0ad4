import { lintMessage, type LintCode } from './lint-texts';
import { parseScript } from './parse';
import type { Cue, CueType, Diagnostic, ParseResult, ScriptDoc } from './types';

/** A cue of the aligned script: the lead variant's cue, and where each language has it. */
export interface AlignedCue {
  id: string;
  type: CueType;
  /** The lead language's argument (the scene, SKU or deal id an action uses). */
  argument: string;
  /** Languages whose variant has this cue. */
  languages: string[];
}

export interface MissingCue {
  /** The language whose variant lacks the cue. */
  language: string;
  cueId: string;
  type: CueType;
  argument: string;
  /** Languages that do have it. */
  presentIn: string[];
}

export interface ScriptLint {
  leadLanguage: string;
  /** Diagnostics per language (parse errors and alignment warnings), each with line and column. */
  diagnostics: Record<string, Diagnostic[]>;
  /** Cues that exist in some variant and not in this one, per language. */
  missing: MissingCue[];
  /** The lead variant's cues in reading order: the anchors every lane aligns to. */
  cues: AlignedCue[];
  errorCount: number;
  warningCount: number;
}

export interface ParsedVariants {
  leadLanguage: string;
  parsed: Record<string, ParseResult>;
}

/** Parses every variant. The lead language is the one given, or the first variant. */
export function parseVariants(variants: Record<string, string>, leadLanguage?: string): ParsedVariants {
  const languages = Object.keys(variants);
  const lead = leadLanguage && languages.includes(leadLanguage) ? leadLanguage : (languages[0] ?? leadLanguage ?? 'en');
  const parsed: Record<string, ParseResult> = {};
  for (const language of languages) parsed[language] = parseScript(variants[language] ?? '');
  return { leadLanguage: lead, parsed };
}

/**
 * Checks a script's variants against each other: parse errors, cues missing from a variant (by
 * cue id, see parse.ts), cues in a different order than in the lead variant, and cue arguments that
 * differ across languages where they must not (a scene, SKU or deal is the same in every language).
 */
export function lintScript(variants: Record<string, string>, leadLanguage?: string): ScriptLint {
  const { leadLanguage: lead, parsed } = parseVariants(variants, leadLanguage);
  const languages = Object.keys(parsed);
  const diagnostics: Record<string, Diagnostic[]> = {};
  for (const language of languages) {
    diagnostics[language] = parsed[language]!.diagnostics.map((d) => ({ ...d, language }));
  }

  // Every cue id in any variant, in order of first appearance (lead first).
  const order = [lead, ...languages.filter((l) => l !== lead)];
  const byId = new Map<string, { cue: Cue; languages: string[] }>();
  for (const language of order) {
    for (const cue of parsed[language]?.doc.cues ?? []) {
      const entry = byId.get(cue.id);
      if (entry) {
        if (!entry.languages.includes(language)) entry.languages.push(language);
      } else {
        byId.set(cue.id, { cue, languages: [language] });
      }
    }
  }

  const missing: MissingCue[] = [];
  for (const [id, { cue, languages: presentIn }] of byId) {
    for (const language of languages) {
      if (presentIn.includes(language)) continue;
      missing.push({ language, cueId: id, type: cue.type, argument: cue.argument, presentIn: [...presentIn] });
      const docLine = 1;
      diagnostics[language]!.push({
        severity: 'warning',
        line: docLine,
        column: 1,
        language,
        ...lintDiagnostic('cue_missing', { cue: describe(cue), id, languages: presentIn.join(', ') }),
      });
    }
  }

  const leadCues = parsed[lead]?.doc.cues ?? [];
  const leadIndex = new Map(leadCues.map((c, i) => [c.id, i]));
  for (const language of languages) {
    if (language === lead) continue;
    checkOrderAndArguments(parsed[language]!.doc, leadCues, leadIndex, diagnostics[language]!, language, lead);
  }

  const cues: AlignedCue[] = leadCues.map((cue) => ({
    id: cue.id,
    type: cue.type,
    argument: cue.argument,
    languages: byId.get(cue.id)?.languages ?? [lead],
  }));
  let errorCount = 0;
  let warningCount = 0;
  for (const list of Object.values(diagnostics)) {
    list.sort((a, b) => a.line - b.line || a.column - b.column);
    for (const d of list) {
      if (d.severity === 'error') errorCount++;
      else warningCount++;
    }
  }
  return { leadLanguage: lead, diagnostics, missing, cues, errorCount, warningCount };
}

function checkOrderAndArguments(
  doc: ScriptDoc,
  leadCues: readonly Cue[],
  leadIndex: Map<string, number>,
  out: Diagnostic[],
  language: string,
  lead: string,
): void {
  let lastLeadIndex = -1;
  for (const cue of doc.cues) {
    const index = leadIndex.get(cue.id);
    if (index === undefined) continue;
    if (index < lastLeadIndex) {
      out.push({
        severity: 'warning',
        line: cue.line,
        column: cue.column,
        language,
        ...lintDiagnostic('cue_order', { cue: describe(cue), lead }),
      });
    }
    lastLeadIndex = Math.max(lastLeadIndex, index);
    const leadCue = leadCues[index]!;
    if (leadCue.type !== cue.type) {
      out.push({
        severity: 'error',
        line: cue.line,
        column: cue.column,
        language,
        ...lintDiagnostic('cue_type_mismatch', { id: cue.id, type: cue.type, leadType: leadCue.type, lead }),
      });
    } else if (cue.explicitId !== null && (cue.type === 'scene' || cue.type === 'card' || cue.type === 'deal') && cue.argument !== leadCue.argument) {
      out.push({
        severity: 'warning',
        line: cue.line,
        column: cue.column,
        language,
        ...lintDiagnostic('cue_argument_mismatch', { id: cue.id, argument: cue.argument, leadArgument: leadCue.argument, lead, type: cue.type }),
      });
    }
  }
}

/** A diagnostic's code and params, with its English message. */
function lintDiagnostic(code: LintCode, params: Record<string, string>): Pick<Diagnostic, 'message' | 'code' | 'params'> {
  return { message: lintMessage(code, params), code, params };
}

function describe(cue: Pick<Cue, 'type' | 'argument'>): string {
  return cue.argument === '' ? `[[${cue.type}]]` : `[[${cue.type}:${cue.argument}]]`;
}
