import { HostError, type MethodInput, type MethodName, type MethodOutput } from '../../../shared/contract';
import type { ScriptLintResult } from '../../../shared/contract/prompter';
import { complianceDiagnostic, cueTargetDiagnostics, lintScript, parseScript, type CueTargetFacts, type DealTarget, type Diagnostic } from '../../../shared/prompter';
import type { HostContext } from '../../context';

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Calls another feature through the typed client; null when that feature is not in this host. */
async function ask<M extends MethodName>(ctx: HostContext, method: M, input: MethodInput<M>): Promise<MethodOutput<M> | null> {
  try {
    // In-host calls go through the typed client: same checks as any transport, typed names, inputs and outputs.
    return await ctx.dispatcher.client()(method, input);
  } catch (error) {
    if (error instanceof HostError && error.code === 'unknown_method') return null;
    throw error;
  }
}

/** True / false for found / not found; undefined when the lookup failed for another reason (not checked). */
async function exists<M extends MethodName>(ctx: HostContext, method: M, input: MethodInput<M>): Promise<boolean | undefined | null> {
  try {
    return (await ask(ctx, method, input)) === null ? null : true;
  } catch (error) {
    if (error instanceof HostError && (error.code === 'not_found' || error.code === 'bad_request')) return false;
    return undefined;
  }
}

/** Looks up what the lead variant's scene, card and deal cues name: OBS's scenes, the catalog, the deals. */
async function resolveTargets(ctx: HostContext, cues: ReturnType<typeof parseScript>['doc']['cues']) {
  const args = (type: string) => [...new Set(cues.filter((c) => c.type === type).map((c) => c.argument))];

  const status = await ask(ctx, 'obs.getStatus', {}).catch(() => null);
  const scenesCheck: NonNullable<ScriptLintResult['targets']>['scenes'] =
    status === null ? 'unavailable' : status.connection.state === 'connected' ? 'checked' : 'obs_not_connected';
  const scenes = scenesCheck === 'checked' ? status!.scenes.map((s) => s.name) : null;

  let products: Map<string, boolean> | null = new Map();
  for (const sku of args('card')) {
    const found = await exists(ctx, 'catalog.getProduct', { sku });
    if (found === null) {
      products = null;
      break;
    }
    if (found !== undefined) products.set(sku, found);
  }

  let deals: Map<string, DealTarget> | null = new Map();
  for (const argument of args('deal')) {
    let deal: { code: string; state: string } | null;
    try {
      deal = await ask(ctx, 'deal.get', uuidPattern.test(argument) ? { dealId: argument } : { code: argument });
    } catch (error) {
      if (error instanceof HostError && (error.code === 'not_found' || error.code === 'bad_request')) deals.set(argument, { state: 'missing' });
      continue;
    }
    if (deal === null) {
      deals = null;
      break;
    }
    const open = deal.state === 'scheduled' || deal.state === 'countdown' || deal.state === 'live';
    deals.set(argument, open ? { state: 'open', code: deal.code } : { state: 'finished', code: deal.code, dealState: deal.state });
  }

  const facts: CueTargetFacts = { scenes, products, deals };
  return { facts, scenesCheck };
}

/**
 * The script check: the cross-language lint (shared/prompter) plus warnings for cues that point at
 * nothing, looked up now in OBS (when connected), the catalog and the deals.
 */
export async function lintWithTargets(
  ctx: HostContext,
  variants: Record<string, string>,
  leadLanguage?: string,
  markets?: readonly string[],
): Promise<ScriptLintResult> {
  const lint = lintScript(variants, leadLanguage);
  const lead = lint.leadLanguage;
  const cues = parseScript(variants[lead] ?? '').doc.cues;
  const { facts, scenesCheck } = await resolveTargets(ctx, cues);
  const found = cueTargetDiagnostics(cues, facts, lead);
  const diagnostics = { ...lint.diagnostics, [lead]: [...(lint.diagnostics[lead] ?? []), ...found] };
  const checkedMarkets = markets ?? scriptMarkets(ctx);
  const compliance = await complianceDiagnostics(ctx, variants, checkedMarkets);
  let errorCount = lint.errorCount;
  let warningCount = lint.warningCount + found.length;
  for (const [language, list] of Object.entries(compliance ?? {})) {
    diagnostics[language] = [...(diagnostics[language] ?? []), ...list];
    for (const d of list) {
      if (d.severity === 'error') errorCount++;
      else warningCount++;
    }
  }
  for (const list of Object.values(diagnostics)) list.sort((a, b) => a.line - b.line || a.column - b.column);
  return {
    ...lint,
    diagnostics,
    errorCount,
    warningCount,
    ...(compliance ? { markets: [...checkedMarkets] } : {}),
    targets: {
      scenes: cues.some((c) => c.type === 'scene') ? scenesCheck : 'checked',
      catalog: facts.products !== null,
      deals: facts.deals !== null,
    },
  };
}

/** The markets a script is used in: Settings > Compliance, else the studio's default market. */
function scriptMarkets(ctx: HostContext): string[] {
  const chosen = ctx.settings.section('compliance').markets;
  return chosen.length > 0 ? chosen : [ctx.settings.section('general').defaultMarket];
}

/**
 * Each variant checked against the rules of each market (compliance.check), as diagnostics at the line
 * and column of the finding; null when this host has no compliance feature.
 */
async function complianceDiagnostics(
  ctx: HostContext,
  variants: Record<string, string>,
  markets: readonly string[],
): Promise<Record<string, Diagnostic[]> | null> {
  const out: Record<string, Diagnostic[]> = {};
  for (const [language, text] of Object.entries(variants)) {
    out[language] = [];
    for (const market of markets) {
      const answer = await ask(ctx, 'compliance.check', { market, language, text, kind: 'script' });
      if (answer === null) return null;
      for (const f of answer.findings) out[language]!.push(complianceDiagnostic(f, market, language));
    }
  }
  return out;
}
