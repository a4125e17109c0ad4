import { HostError } from '../../../shared/contract';
import { exportScriptFile, importScriptFile } from '../../../shared/prompter';
import type { Feature, HostContext } from '../../context';
import type { FeatureDeps } from '../index';
import { coHostLink } from './co-host-link';
import { lintWithTargets } from './cue-targets';
import { LivePrompter } from './live-prompter';
import { ScriptStore } from './script-store';
import { seedDemoScript } from './demo-script';

/**
 * The teleprompter: scripts in SQLite (one variant per language, aligned by cue ids), and the live
 * prompter the host drives (see live-prompter.ts). Cue actions call other features by method name.
 */
export function prompterFeature(ctx: HostContext, deps: FeatureDeps): Feature & { live: LivePrompter; scripts: ScriptStore } {
  const scripts = new ScriptStore(ctx.db, ctx.now);
  const live = new LivePrompter(ctx);
  const onDisconnect = (clientId: string) => live.clientDisconnected(clientId);
  // Card and deal cues show product names: look them up again when products or deals come and go.
  const offCatalog: (() => void)[] = [];
  const refreshProducts = () => void live.refreshProducts();

  // In-host calls go through the typed client: same checks as any transport, typed names and inputs.
  const call = ctx.dispatcher.client();
  const checkProduct = async (productId: string | null | undefined) => {
    if (!productId) return;
    try {
      await call('catalog.getProduct', { id: productId });
    } catch (error) {
      if (error instanceof HostError && error.code === 'not_found') {
        throw new HostError('prompter.product_not_found', { id: productId });
      }
      throw error;
    }
  };

  const saved = async (id: string) => {
    const script = scripts.get(id);
    ctx.bus.publish('prompter.script.changed', { scriptId: id, updatedAt: script.updatedAt, deleted: false });
    if (live.loadedScriptId() === id) live.scriptChanged(script);
    return { script, lint: await lintWithTargets(ctx, script.variants, script.leadLanguage) };
  };

  return {
    name: 'prompter',
    live,
    scripts,
    start() {
      if (ctx.options.seedDemo !== false) seedDemoScript(ctx.db, scripts);
      deps.server.disconnectListeners.add(onDisconnect);
      offCatalog.push(ctx.bus.on('catalog.changed', refreshProducts), ctx.bus.on('deal.created', refreshProducts));
    },
    stop() {
      deps.server.disconnectListeners.delete(onDisconnect);
      for (const off of offCatalog.splice(0)) off();
      live.stop();
    },
    handlers: {
      'prompter.listScripts': (filter) => ({ scripts: scripts.list(filter) }),
      'prompter.getScript': ({ id }) => scripts.get(id),
      'prompter.saveScript': async (input) => {
        if (!(input.leadLanguage in input.variants)) {
          throw new HostError('prompter.lead_without_variant', {
            language: input.leadLanguage,
            languages: Object.keys(input.variants).join(', '),
          });
        }
        if (input.id !== undefined && !scripts.find(input.id)) throw new HostError('prompter.script_not_found_save', { id: input.id });
        await checkProduct(input.productId);
        return saved(scripts.save(input).id);
      },
      'prompter.deleteScript': ({ id }) => {
        scripts.delete(id);
        ctx.bus.publish('prompter.script.changed', { scriptId: id, updatedAt: ctx.now(), deleted: true });
        if (live.loadedScriptId() === id) live.scriptChanged(null);
        return { ok: true as const };
      },
      'prompter.importMarkdown': async (input) => {
        const file = importScriptFile(input.markdown);
        const language = input.language ?? file.meta.language;
        if (!language) throw new HostError('prompter.file_language_unknown');
        const existing = input.scriptId !== undefined ? scripts.get(input.scriptId) : null;
        const productId = input.productId ?? file.meta.productId ?? existing?.productId ?? null;
        await checkProduct(productId);
        const result = scripts.save({
          id: existing?.id,
          title: input.title ?? existing?.title ?? file.meta.title ?? 'Imported script',
          productId,
          segmentId: input.segmentId ?? file.meta.segmentId ?? existing?.segmentId ?? null,
          leadLanguage: existing?.leadLanguage ?? language,
          variants: { ...(existing?.variants ?? {}), [language]: file.text },
        });
        return { ...(await saved(result.id)), language };
      },
      'prompter.exportMarkdown': ({ scriptId, language }) => {
        const script = scripts.get(scriptId);
        const text = script.variants[language];
        if (text === undefined) throw new HostError('prompter.variant_missing', { language, languages: script.languages.join(', ') });
        const markdown = exportScriptFile(
          { title: script.title, language, productId: script.productId ?? undefined, segmentId: script.segmentId ?? undefined },
          text,
        );
        const slug = script.title.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '') || 'script';
        return { fileName: `${slug}.${language}.md`, markdown };
      },
      'prompter.lint': ({ scriptId, variants, leadLanguage, markets }) => {
        if (scriptId !== undefined) {
          const script = scripts.get(scriptId);
          return lintWithTargets(ctx, script.variants, leadLanguage ?? script.leadLanguage, markets);
        }
        return lintWithTargets(ctx, variants ?? {}, leadLanguage, markets);
      },
      'prompter.load': ({ scriptId, leadLanguage, rehearsal }) => live.load(scripts.get(scriptId), leadLanguage, rehearsal),
      'prompter.play': ({ countdown }) => live.play(countdown),
      'prompter.pause': () => live.pause('user'),
      'prompter.setSpeed': (change) => live.setSpeed(change),
      'prompter.jump': (input) => {
        const target = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
        return live.jump(target as Parameters<LivePrompter['jump']>[0]);
      },
      'prompter.state': () => live.state(),
      'prompter.rearm': ({ cueIds }) => live.rearm(cueIds),
      'prompter.fireCue': ({ cueId }) => live.fireCue(cueId),
      'prompter.setRehearsal': ({ rehearsal }) => live.setRehearsal(rehearsal),
      'prompter.joinLane': ({ language, role }, call) => {
        if (role === 'lead' && call.scope !== 'control') {
          throw new HostError('prompter.cohost_lead_forbidden');
        }
        return live.joinLane(language, role, call.clientId ?? null);
      },
      'prompter.leaveLane': ({ laneId }, call) => {
        const owner = live.laneClient(laneId);
        if (owner === undefined) throw new HostError('prompter.lane_not_found', { laneId });
        if (call.scope !== 'control' && owner !== (call.clientId ?? null)) {
          throw new HostError('prompter.lane_not_own');
        }
        live.leaveLane(laneId);
        return { ok: true as const };
      },
      'prompter.report': (input) => ({ accepted: live.report(input) }),
      'prompter.coHostLink': ({ language }) =>
        coHostLink({ port: deps.server.port, lan: ctx.options.lan, followToken: ctx.tokens.token('follow'), language }),
    },
  };
}
