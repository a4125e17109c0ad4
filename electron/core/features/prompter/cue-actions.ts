import { HostError } from '../../../shared/contract';
import type { Deal } from '../../../shared/contract/deals';
import type { Product } from '../../../shared/contract/catalog';
import type { CueProduct } from '../../../shared/contract/prompter';
import type { AlignedCue } from '../../../shared/prompter';
import type { HostContext } from '../../context';

export type CueActionResult = { result: 'done' | 'failed' | 'unavailable'; message?: string };

const actionTimeoutMs = 5_000;
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The method a cue calls and its input; null for cues that act inside the prompter (pause) or not at all (note). */
export function actionFor(cue: Pick<AlignedCue, 'type' | 'argument'>): { method: string; input: Record<string, string> } | null {
  switch (cue.type) {
    case 'scene':
      // In studio mode this runs the host's transition instead of cutting program.
      return { method: 'obs.putSceneOnAir', input: { sceneName: cue.argument } };
    case 'card':
      return { method: 'card.pin', input: { sku: cue.argument } };
    case 'deal':
      // [[deal:CODE]]; the deal's UUID still works for scripts written before deals had codes.
      return { method: 'deal.start', input: uuidPattern.test(cue.argument) ? { dealId: cue.argument } : { code: cue.argument } };
    case 'mark':
      return { method: 'session.mark', input: { text: cue.argument } };
    default:
      return null;
  }
}

/**
 * Runs a cue's action through the dispatcher, by name: the features behind these methods may not be
 * in this host (then the result is `unavailable`), may be down, or may fail. It never throws and never
 * waits longer than a few seconds.
 */
export async function runCueAction(ctx: HostContext, method: string, input: unknown): Promise<CueActionResult> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new HostError('prompter.cue_action_timeout', { method, seconds: actionTimeoutMs / 1000 })), actionTimeoutMs);
    });
    await Promise.race([ctx.dispatcher.call(method, input, { transport: 'internal', scope: 'control' }), timeout]);
    return { result: 'done' };
  } catch (error) {
    const code = error instanceof HostError ? error.code : 'internal';
    const message = error instanceof Error ? error.message : String(error);
    if (code === 'unknown_method') return { result: 'unavailable', message: `${method} is not available in this host yet.` };
    if (code === 'unavailable') return { result: 'unavailable', message };
    return { result: 'failed', message };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The product each card and deal cue names, by cue id, so lanes show "Jasmine silver needle" rather
 * than a SKU or a deal's id. A deal cue names its deal by id or by its short code. Cues whose product or
 * deal is unknown (or whose features this host lacks) are left out: lanes then show the argument.
 */
export async function cueProducts(ctx: HostContext, cues: readonly Pick<AlignedCue, 'id' | 'type' | 'argument'>[]): Promise<Map<string, CueProduct>> {
  const call = <T>(method: string, input: unknown) =>
    (ctx.dispatcher.call(method, input, { transport: 'internal', scope: 'control' }) as Promise<T>).catch(() => null);
  const products = new Map<string, CueProduct>();
  const bySku = new Map<string, Promise<Product | null>>();
  const product = (sku: string) => {
    if (!bySku.has(sku)) bySku.set(sku, call<Product>('catalog.getProduct', { sku }));
    return bySku.get(sku)!;
  };
  for (const cue of cues) {
    let sku: string | undefined;
    if (cue.type === 'card') sku = cue.argument;
    else if (cue.type === 'deal') {
      // The deal the cue would start: the same lookup as its action (by code, or by an older cue's id).
      const action = actionFor(cue)!;
      sku = (await call<Deal>('deal.get', action.input))?.sku;
    }
    if (sku === undefined) continue;
    const found = await product(sku);
    // A card cue names a SKU the catalog lacks: nothing to add to the SKU the cue shows already.
    if (!found && cue.type === 'card') continue;
    products.set(cue.id, { sku, name: found ? { ...found.name } : {} });
  }
  return products;
}
