import { HostError, type MethodInput, type MethodName } from '../../../shared/contract';
import type { Product } from '../../../shared/contract/catalog';
import type { CueProduct } from '../../../shared/contract/prompter';
import type { AlignedCue } from '../../../shared/prompter';
import type { HostContext } from '../../context';

export type CueActionResult = { result: 'done' | 'failed' | 'unavailable'; message?: string };

const actionTimeoutMs = 5_000;
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The methods a cue can fire; which one is picked at run time from the cue's type. `MethodInput<M>`
 * below only accepts contract method names, so a misspelt one here fails the typecheck.
 */
export type CueMethod = 'obs.putSceneOnAir' | 'card.pin' | 'deal.start' | 'session.mark';
/** A cue's call: one of the cue methods with that method's own input type. */
export type CueAction = { [M in CueMethod]: { method: M; input: MethodInput<M> } }[CueMethod];

/** [[deal:CODE]]; the deal's UUID still works for scripts written before deals had codes. */
function dealOf(argument: string): { dealId: string } | { code: string } {
  return uuidPattern.test(argument) ? { dealId: argument } : { code: argument };
}

/** The method a cue calls and its input; null for cues that act inside the prompter (pause) or not at all (note). */
export function actionFor(cue: Pick<AlignedCue, 'type' | 'argument'>): CueAction | null {
  switch (cue.type) {
    case 'scene':
      // In studio mode this runs the host's transition instead of cutting program.
      return { method: 'obs.putSceneOnAir', input: { sceneName: cue.argument } };
    case 'card':
      return { method: 'card.pin', input: { sku: cue.argument } };
    case 'deal':
      return { method: 'deal.start', input: dealOf(cue.argument) };
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
export async function runCueAction<M extends CueMethod>(ctx: HostContext, method: M, input: MethodInput<M>): Promise<CueActionResult> {
  // In-host calls go through the typed client: same checks as any transport, with names and inputs checked at compile time.
  const call = ctx.dispatcher.client();
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new HostError('prompter.cue_action_timeout', { method, seconds: actionTimeoutMs / 1000 })), actionTimeoutMs);
    });
    await Promise.race([call(method, input), timeout]);
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
  // In-host calls go through the typed client: same checks as any transport, typed outputs here.
  const client = ctx.dispatcher.client();
  const call = <M extends MethodName>(method: M, input: MethodInput<M>) => client(method, input).catch(() => null);
  const products = new Map<string, CueProduct>();
  const bySku = new Map<string, Promise<Product | null>>();
  const product = (sku: string) => {
    if (!bySku.has(sku)) bySku.set(sku, call('catalog.getProduct', { sku }));
    return bySku.get(sku)!;
  };
  for (const cue of cues) {
    let sku: string | undefined;
    if (cue.type === 'card') sku = cue.argument;
    else if (cue.type === 'deal') {
      // The deal the cue would start: the same lookup as its action (by code, or by an older cue's id).
      sku = (await call('deal.get', dealOf(cue.argument)))?.sku;
    }
    if (sku === undefined) continue;
    const found = await product(sku);
    // A card cue names a SKU the catalog lacks: nothing to add to the SKU the cue shows already.
    if (!found && cue.type === 'card') continue;
    products.set(cue.id, { sku, name: found ? { ...found.name } : {} });
  }
  return products;
}
