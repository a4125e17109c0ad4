import { lintMessage, type LintCode } from './lint-texts';
import type { Cue, Diagnostic } from './types';

/** What a deal code or id in a [[deal:...]] cue names, as far as a script check cares. */
export type DealTarget = { state: 'open'; code: string } | { state: 'finished'; code: string; dealState: string } | { state: 'missing' };

/**
 * What the cue targets resolved to. A lookup left null could not be made (the feature is not in this host,
 * or OBS is not connected): those cues are not checked, and the lint says so instead.
 */
export interface CueTargetFacts {
  /** OBS's scene names, or null when OBS is not connected. */
  scenes: readonly string[] | null;
  /** Per SKU of a [[card:SKU]] cue: is it in the catalog? */
  products: ReadonlyMap<string, boolean> | null;
  /** Per argument of a [[deal:...]] cue. */
  deals: ReadonlyMap<string, DealTarget> | null;
}

/** How many of OBS's scene names a warning lists. */
const listedScenes = 8;

/**
 * Warnings for cues that point at nothing: a scene OBS does not have, a SKU the catalog does not have,
 * a deal code no deal has (or whose deal already finished). Each has the cue's line and column. Only the
 * lead variant's cues are checked: its arguments are the ones the actions use.
 */
export function cueTargetDiagnostics(cues: readonly Cue[], facts: CueTargetFacts, language: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  const warn = (cue: Cue, code: LintCode, params: Record<string, string>) =>
    out.push({ severity: 'warning', line: cue.line, column: cue.column, language, message: lintMessage(code, params), code, params });
  for (const cue of cues) {
    if (cue.type === 'scene' && facts.scenes !== null && !facts.scenes.includes(cue.argument)) {
      const sameLetters = facts.scenes.find((s) => s.toLowerCase() === cue.argument.toLowerCase());
      if (sameLetters) {
        warn(cue, 'scene_case', { scene: cue.argument, suggestion: sameLetters });
      } else if (facts.scenes.length === 0) {
        warn(cue, 'scene_missing_none', { scene: cue.argument });
      } else {
        const scenes = facts.scenes
          .slice(0, listedScenes)
          .map((n) => `"${n}"`)
          .join(', ');
        const more = facts.scenes.length - listedScenes;
        if (more > 0) warn(cue, 'scene_missing_more', { scene: cue.argument, scenes, more: String(more) });
        else warn(cue, 'scene_missing', { scene: cue.argument, scenes });
      }
    } else if (cue.type === 'card' && facts.products !== null && facts.products.get(cue.argument) === false) {
      warn(cue, 'card_missing', { sku: cue.argument });
    } else if (cue.type === 'deal' && facts.deals !== null) {
      const deal = facts.deals.get(cue.argument);
      if (deal?.state === 'missing') {
        warn(cue, 'deal_missing', { code: cue.argument });
      } else if (deal?.state === 'finished') {
        warn(cue, 'deal_finished', { code: deal.code, state: deal.dealState });
      }
    }
  }
  return out;
}
