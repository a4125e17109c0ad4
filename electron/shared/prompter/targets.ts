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

const quoteList = (names: readonly string[], max = 8) =>
  names.length === 0
    ? 'none'
    : names
        .slice(0, max)
        .map((n) => `"${n}"`)
        .join(', ') + (names.length > max ? `, and ${names.length - max} more` : '');

/**
 * Warnings for cues that point at nothing: a scene OBS does not have, a SKU the catalog does not have,
 * a deal code no deal has (or whose deal already finished). Each has the cue's line and column. Only the
 * lead variant's cues are checked: its arguments are the ones the actions use.
 */
export function cueTargetDiagnostics(cues: readonly Cue[], facts: CueTargetFacts, language: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  const warn = (cue: Cue, code: string, params: Record<string, string>, message: string) =>
    out.push({ severity: 'warning', line: cue.line, column: cue.column, language, message, code, params });
  for (const cue of cues) {
    if (cue.type === 'scene' && facts.scenes !== null && !facts.scenes.includes(cue.argument)) {
      const sameLetters = facts.scenes.find((s) => s.toLowerCase() === cue.argument.toLowerCase());
      if (sameLetters) {
        warn(
          cue,
          'scene_case',
          { scene: cue.argument, suggestion: sameLetters },
          `OBS has no scene "${cue.argument}", but it has "${sameLetters}" (scene names are case-sensitive): write [[scene:${sameLetters}]].`,
        );
      } else {
        const scenes = quoteList(facts.scenes);
        warn(
          cue,
          'scene_missing',
          { scene: cue.argument, scenes },
          `OBS has no scene "${cue.argument}" (its scenes: ${scenes}). Create a scene with this name in OBS (Scenes dock, +), or change the cue to one of its scenes.`,
        );
      }
    } else if (cue.type === 'card' && facts.products !== null && facts.products.get(cue.argument) === false) {
      warn(cue, 'card_missing', { sku: cue.argument }, `No product with SKU "${cue.argument}" in the catalog: add it on the Catalog page, or correct the SKU.`);
    } else if (cue.type === 'deal' && facts.deals !== null) {
      const deal = facts.deals.get(cue.argument);
      if (deal?.state === 'missing') {
        warn(
          cue,
          'deal_missing',
          { code: cue.argument },
          `No deal has the code "${cue.argument}": create a deal with this code on the Catalog page before the show, or correct the code.`,
        );
      } else if (deal?.state === 'finished') {
        warn(
          cue,
          'deal_finished',
          { code: deal.code, state: deal.dealState },
          `The deal ${deal.code} is already ${deal.dealState.replace('-', ' ')}: create a new deal with the code ${deal.code} for this show.`,
        );
      }
    }
  }
  return out;
}
