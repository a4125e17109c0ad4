/**
 * An approved exemption in a script, written like a cue: `[[allow:最好 | 注册商标“最好”第12345678号]]`.
 * It says the term, on this line, is used on a ground the rule's source accepts (China's SAMR guide: a
 * registered trademark, a factual claim bounded by time, place and source...), and why. The prompter does
 * not show it to viewers or read it as a cue; the compliance check drops the finding it covers, or keeps
 * it when the rule allows no exemption (disease terms, Art. 17).
 */
export interface Exemption {
  term: string;
  reason: string;
  line: number;
  column: number;
}

export const allowCueType = 'allow';
/** Shorter reasons say nothing a reviewer could check. */
export const minExemptionReasonLength = 4;

export type AllowProblem = 'allow_needs_term' | 'allow_needs_reason';

/** Reads the body of an `[[allow:...]]` cue (what follows "allow:"): the term, or what is missing. */
export function parseAllowBody(argument: string): { term: string; reason: string } | { problem: AllowProblem } {
  const bar = argument.indexOf('|');
  const term = (bar < 0 ? argument : argument.slice(0, bar)).trim();
  const reason = bar < 0 ? '' : argument.slice(bar + 1).trim();
  if (term === '') return { problem: 'allow_needs_term' };
  if (reason.length < minExemptionReasonLength) return { problem: 'allow_needs_reason' };
  return { term, reason };
}
