import { HostError, type MethodInput, type MethodName, type MethodOutput } from '../../../shared/contract';
import type { ComplianceFinding, PreflightFinding, PreflightReport, PreflightWhere } from '../../../shared/contract/compliance';
import { sourceText, type RuleBook } from '../../../shared/compliance/check';
import { markets } from '../../../shared/markets';
import { fillTemplate } from '../../../shared/template';
import { englishRuleMessages } from './rule-packs';
import type { CatalogGateway, ObsGateway } from '../gateways';

type CheckInput = Omit<MethodInput<'compliance.check'>, 'platforms'> & { platforms: readonly string[] };
type CheckOutput = MethodOutput<'compliance.check'>;
type Ask = <M extends MethodName>(method: M, input: MethodInput<M>) => Promise<MethodOutput<M> | null>;

export interface PreflightDeps {
  book: RuleBook;
  catalog: Pick<CatalogGateway, 'get'>;
  obs: Pick<ObsGateway, 'isConnected' | 'request'>;
  /** The compliance check (compliance.check's handler). */
  check(input: CheckInput): Promise<CheckOutput>;
  /** Another feature's method through the dispatcher; null when this host lacks that feature. */
  ask: Ask;
}

/** The rule a TikTok Shop LIVE streamed elsewhere breaks; OBS's findings are reported under it. */
export const noSimulcastRule = 'tiktok.live.no_simulcast';
/** The stream outputs OBS itself makes for its Stream button (simple and advanced output mode). */
const mainStreamOutputs = new Set(['simple_stream', 'adv_stream']);
/** Output kinds that send a stream to a server (RTMP, SRT/RIST, WHIP, FTL), whatever their flags say. */
const streamingKinds = new Set(['rtmp_output', 'ffmpeg_mpegts_muxer', 'whip_output', 'ftl_output']);
/** Stream servers that forward one stream to several platforms. */
const relayHosts = /(^|\.)(restream\.io|castr\.(io|com)|streamyard\.com|onestream\.live|switchboard\.live)$/i;

interface ObsOutput {
  outputName: string;
  outputKind: string;
  outputActive: boolean;
  outputFlags?: { OBS_OUTPUT_SERVICE?: boolean };
}

/** Same language when the base matches (zh-CN and zh-TW, en-US and en). */
const sameBase = (a: string, b: string) => a.split('-')[0]!.toLowerCase() === b.split('-')[0]!.toLowerCase();
const marketLocale = (market: string) => (markets as Record<string, { locale: string }>)[market]?.locale ?? 'en';

/**
 * The pre-flight: everything a session would go live with, checked for its market before it starts
 * (scripts loaded in the prompter and the rundown, pinned cards, open deals, OBS's stream outputs for a
 * TikTok Shop LIVE). The same card and deal checks run when a card is pinned or a deal started mid-live.
 */
export class Preflight {
  constructor(private readonly deps: PreflightDeps) {}

  async run(input: { market: string; languages: readonly string[]; platforms: string[] }): Promise<PreflightReport> {
    const { market, platforms } = input;
    const findings: PreflightFinding[] = [];
    const checked: PreflightReport['checked'] = { scripts: [], cards: [], deals: [], obs: { state: 'not_needed', outputs: [] } };

    // Scripts: the one loaded in the prompter (its lead language is read by the host) and the rundown's.
    const prompter = await this.deps.ask('prompter.state', {});
    const rundown = await this.deps.ask('rundown.get', { sessionId: null });
    const scriptIds = [...new Set([prompter?.scriptId ?? null, ...(rundown?.items.map((i) => i.scriptId) ?? [])].filter((id): id is string => id !== null))];
    const languages = [...input.languages, ...(input.languages.length > 0 && prompter?.scriptId ? [prompter.leadLanguage] : [])];
    const used = (language: string) => languages.length === 0 || languages.some((l) => sameBase(l, language));
    for (const scriptId of scriptIds) {
      const script = await this.deps.ask('prompter.getScript', { id: scriptId }).catch(notFoundAsNull);
      if (!script) continue;
      const variants = Object.entries(script.variants).filter(([language]) => used(language));
      checked.scripts.push({ scriptId, title: script.title, languages: variants.map(([l]) => l) });
      for (const [language, text] of variants) {
        const { findings: found } = await this.deps.check({ market, language, text, kind: 'script', platforms });
        findings.push(...found.map((f) => ({ ...f, where: { kind: 'script' as const, scriptId, scriptTitle: script.title, language } })));
      }
    }

    // Pinned cards (one product may be pinned on several outputs).
    const pins = (await this.deps.ask('card.current', { output: 'overlay' }))?.pins ?? [];
    for (const productId of new Set(pins.map((p) => p.productId))) {
      const card = await this.card(productId, market, languages, platforms);
      if (!card) continue;
      checked.cards.push({ productId, sku: card.sku });
      findings.push(...card.findings);
    }

    // Deals of the market that have not finished.
    const open = (await this.deps.ask('deal.list', { states: ['scheduled', 'countdown', 'live'], limit: 500 }))?.deals ?? [];
    for (const deal of open.filter((d) => d.market === market)) {
      checked.deals.push({ dealId: deal.id, code: deal.code });
      findings.push(...(await this.deal(deal, platforms)));
    }

    if (platforms.includes('tiktok-shop')) {
      const obs = await this.obsOutputs();
      checked.obs = { state: obs.state, outputs: obs.outputs };
      findings.push(...obs.findings);
    }

    return {
      market,
      platforms,
      languages: [...new Set(languages)],
      findings,
      errorCount: findings.filter((f) => f.severity === 'error').length,
      warningCount: findings.filter((f) => f.severity === 'warning').length,
      checked,
    };
  }

  /** A product card's texts (name, pitch, badges) in the languages used, one field a line, with its price facts. */
  async card(productId: string, market: string, languages: readonly string[], platforms: string[]): Promise<{ sku: string; findings: PreflightFinding[] } | null> {
    let product;
    try {
      product = this.deps.catalog.get({ id: productId });
    } catch (error) {
      if (error instanceof HostError && error.code === 'not_found') return null;
      throw error;
    }
    // The card is drawn in the market's language, so that one is always checked.
    const wanted = [...languages, marketLocale(market)];
    const textLanguages = [...new Set([...Object.keys(product.name), ...Object.keys(product.pitch), ...Object.keys(product.bullets)])];
    const findings: PreflightFinding[] = [];
    for (const language of textLanguages.filter((l) => languages.length === 0 || wanted.some((w) => sameBase(w, l)))) {
      const fields: { field: PreflightWhere['field'] & string; text: string }[] = [];
      if (product.name[language]?.trim()) fields.push({ field: 'name', text: product.name[language]! });
      if (product.pitch[language]?.trim()) fields.push({ field: 'pitch', text: product.pitch[language]! });
      for (const bullet of product.bullets[language] ?? []) if (bullet.trim()) fields.push({ field: 'badges', text: bullet });
      if (fields.length === 0) continue;
      const text = fields.map((f) => f.text.replace(/\n/g, ' ')).join('\n');
      const { findings: found } = await this.deps.check({ market, language, text, kind: 'card', productId, platforms });
      findings.push(
        ...found.map((f) => ({ ...f, where: { kind: 'card' as const, productId, sku: product.sku, language, field: fields[f.line - 1]?.field ?? 'name' } })),
      );
    }
    return { sku: product.sku, findings };
  }

  /** A deal's price and platform rules (the deals' own checks, reported as rules of the market and platform). */
  async deal(deal: { id: string; code: string; productId: string; sku: string; market: string }, platforms: string[]): Promise<PreflightFinding[]> {
    const { findings } = await this.deps.check({ market: deal.market, language: marketLocale(deal.market), text: '', kind: 'deal', dealId: deal.id, platforms });
    return findings.map((f) => ({ ...f, where: { kind: 'deal' as const, dealId: deal.id, dealCode: deal.code, productId: deal.productId, sku: deal.sku } }));
  }

  /**
   * What obs-websocket can tell about a TikTok Shop LIVE being streamed elsewhere: GetOutputList lists
   * OBS's outputs with their kind and whether they are active (OBS's own stream output exists only once
   * the stream is started; a multistream plugin adds outputs of its own). It cannot see a relay service
   * behind the one stream (Restream and the like) other than by the server address, nor a second PC.
   */
  private async obsOutputs(): Promise<{ state: 'checked' | 'not_connected'; outputs: PreflightReport['checked']['obs']['outputs']; findings: PreflightFinding[] }> {
    if (!this.deps.obs.isConnected()) {
      return { state: 'not_connected', outputs: [], findings: [this.obsFinding('warning', 'preflight_obs_not_connected', [])] };
    }
    let list: ObsOutput[];
    try {
      list = (await this.deps.obs.request<{ outputs: ObsOutput[] }>('GetOutputList')).outputs;
    } catch {
      // An older obs-websocket without the outputs requests, or OBS went away mid-check: the host confirms.
      return { state: 'not_connected', outputs: [], findings: [this.obsFinding('warning', 'preflight_obs_not_connected', [])] };
    }
    const outputs = list.map((o) => ({
      name: o.outputName,
      kind: o.outputKind,
      active: o.outputActive,
      streaming: o.outputFlags?.OBS_OUTPUT_SERVICE === true || streamingKinds.has(o.outputKind),
    }));
    const streams = outputs.filter((o) => o.streaming);
    const extra = streams.filter((o) => !mainStreamOutputs.has(o.name));
    const active = streams.filter((o) => o.active);
    const findings: PreflightFinding[] = [];
    if (active.length > 1 || active.some((o) => !mainStreamOutputs.has(o.name))) {
      findings.push(this.obsFinding('error', 'preflight_obs_multistream', active.map((o) => o.name)));
    } else if (extra.length > 0) {
      findings.push(this.obsFinding('warning', 'preflight_obs_extra_outputs', extra.map((o) => o.name)));
    }
    const server = await this.deps.obs
      .request<{ streamServiceSettings?: { server?: string } }>('GetStreamServiceSettings')
      .then((s) => s.streamServiceSettings?.server ?? '')
      .catch(() => '');
    const hostName = /^[a-z0-9+.-]+:\/\/([^/:?#]+)/i.exec(server)?.[1] ?? '';
    if (relayHosts.test(hostName)) findings.push(this.obsFinding('warning', 'preflight_obs_relay', [], { server: hostName }));
    return { state: 'checked', outputs, findings };
  }

  private obsFinding(severity: 'error' | 'warning', messageKey: string, outputs: string[], extra: Record<string, string> = {}): PreflightFinding {
    const rule = this.deps.book.rules.find((r) => r.spec.id === noSimulcastRule)?.spec;
    const params = { outputs: outputs.join(', '), ...extra };
    const finding: ComplianceFinding = {
      ruleId: noSimulcastRule,
      severity,
      category: 'platform_rule',
      line: 0,
      column: 0,
      length: 0,
      term: '',
      message: fillTemplate(englishRuleMessages[messageKey] ?? messageKey, params),
      messageKey,
      params,
      source: rule ? sourceText(rule) : 'TikTok Shop LIVE policy',
    };
    return { ...finding, where: { kind: 'obs', outputs } };
  }
}

function notFoundAsNull(error: unknown): null {
  if (error instanceof HostError && error.code === 'not_found') return null;
  throw error;
}
