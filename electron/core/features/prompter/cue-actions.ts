import { HostError } from '../../../shared/contract';
import type { AlignedCue } from '../../../shared/prompter';
import type { HostContext } from '../../context';

export type CueActionResult = { result: 'done' | 'failed' | 'unavailable'; message?: string };

const actionTimeoutMs = 5_000;
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The method a cue calls and its input; null for cues that act inside the prompter (pause) or not at all (note). */
export function actionFor(cue: Pick<AlignedCue, 'type' | 'argument'>): { method: string; input: Record<string, string> } | null {
  switch (cue.type) {
    case 'scene':
      return { method: 'obs.setProgramScene', input: { sceneName: cue.argument } };
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
      timer = setTimeout(() => reject(new HostError('timeout', `${method} did not answer within ${actionTimeoutMs / 1000} s.`)), actionTimeoutMs);
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
