import { HostError } from '../../../shared/contract';
import { exportScriptFile, importScriptFile } from '../../../shared/prompter';
import type { Feature, HostContext } from '../../context';
import type { FeatureDeps } from '../index';
import { coHostLink } from './co-host-link';
import { lintWithTargets } from './cue-targets';
import { LivePrompter } from './live-prompter';
import { firstVersionName, ScriptStore, versionOf } from './script-store';
import { VersionRotation } from './version-pick';
import { seedDemoScript } from './demo-script';

/**
 * The teleprompter: scripts in SQLite (A/B versions, each with one variant per language aligned by cue
 * ids), and the live prompter the host drives (see live-prompter.ts). Cue actions call other features by
 * method name. Which version runs is logged (prompter.loaded), so the review compares versions by outcome.
 */
export function prompterFeature(ctx: HostContext, deps: FeatureDeps): Feature & { live: LivePrompter; scripts: ScriptStore } {
  const scripts = new ScriptStore(ctx.db, ctx.now);
  const live = new LivePrompter(ctx);
  const rotation = new VersionRotation(ctx.db);
  const onDisconnect = (clientId: string) => live.clientDisconnected(clientId);
  // Card and deal cues show product names: look them up again when products or deals come and go.
  const offCatalog: (() => void)[] = [];
  // A new session's log starts knowing which version is on air; an alternating script not yet playing
  // moves on to the version this session should run. After the session.started dispatch, so it comes first in the log.
  const sessionBegan = (started: boolean) =>
    queueMicrotask(() => {
      const loaded = live.loadedVersion();
      if (!loaded) return;
      const script = scripts.find(loaded.scriptId);
      if (started && script && loaded.pickedBy === 'alternate' && !loaded.playing) {
        const next = rotation.pick(script);
        if (next !== loaded.version) {
          const keepsLead = script.versions.find((v) => v.name === next)!.variants[loaded.leadLanguage] !== undefined;
          live.load(script, next, 'alternate', keepsLead ? loaded.leadLanguage : undefined, undefined, 'session');
          rotation.ran(script.id, next);
          return;
        }
      }
      live.publishLoaded('session');
      rotation.ran(loaded.scriptId, loaded.version);
    });
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
      offCatalog.push(
        ctx.bus.on('catalog.changed', refreshProducts),
        ctx.bus.on('deal.created', refreshProducts),
        ctx.bus.on('session.started', () => sessionBegan(true)),
        ctx.bus.on('session.resumed', () => sessionBegan(false)),
      );
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
        for (const variants of input.versions ? input.versions.map((v) => v.variants) : [input.variants ?? {}]) {
          if (!(input.leadLanguage in variants)) {
            throw new HostError('prompter.lead_without_variant', { language: input.leadLanguage, languages: Object.keys(variants).join(', ') });
          }
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
        // Into the version the input or the file names (a new one when the script lacks it), else the first.
        const wanted = (input.version ?? file.meta.version)?.trim();
        const versions = existing?.versions.map((v) => ({ ...v, variants: { ...v.variants } })) ?? [{ name: wanted || firstVersionName, variants: {} }];
        let target = wanted ? versions.find((v) => v.name.toLowerCase() === wanted.toLowerCase()) : versions[0];
        if (!target) versions.push((target = { name: wanted!, variants: {} }));
        target.variants[language] = file.text;
        const leadLanguage = existing?.leadLanguage ?? language;
        // A version that lacks the lead language (a new B from one file) reads the lead from the first version until it has its own.
        for (const v of versions) if (!(leadLanguage in v.variants)) v.variants[leadLanguage] = versions[0]!.variants[leadLanguage] ?? file.text;
        const result = scripts.save({
          id: existing?.id,
          title: input.title ?? existing?.title ?? file.meta.title ?? 'Imported script',
          productId,
          segmentId: input.segmentId ?? file.meta.segmentId ?? existing?.segmentId ?? null,
          leadLanguage,
          versions,
        });
        return { ...(await saved(result.id)), language };
      },
      'prompter.exportMarkdown': ({ scriptId, language, version }) => {
        const script = scripts.get(scriptId);
        const chosen = version !== undefined ? versionOf(script, version) : script.versions[0]!;
        const first = chosen === script.versions[0];
        const text = chosen.variants[language];
        if (text === undefined) throw new HostError('prompter.variant_missing', { language, languages: Object.keys(chosen.variants).join(', ') });
        // The version is written only when the script has several: a file of a one-version script reads as before.
        const markdown = exportScriptFile(
          {
            title: script.title,
            language,
            ...(script.versions.length > 1 ? { version: chosen.name } : {}),
            productId: script.productId ?? undefined,
            segmentId: script.segmentId ?? undefined,
          },
          text,
        );
        const slug = (text: string) => text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '');
        const versionPart = first ? '' : `${slug(chosen.name) || 'version'}.`;
        return { fileName: `${slug(script.title) || 'script'}.${versionPart}${language}.md`, markdown };
      },
      'prompter.lint': ({ scriptId, variants, leadLanguage, markets }) => {
        if (scriptId !== undefined) {
          const script = scripts.get(scriptId);
          return lintWithTargets(ctx, script.variants, leadLanguage ?? script.leadLanguage, markets);
        }
        return lintWithTargets(ctx, variants ?? {}, leadLanguage, markets);
      },
      'prompter.load': ({ scriptId, version, leadLanguage, rehearsal }) => {
        const script = scripts.get(scriptId);
        const [name, pickedBy] =
          version !== undefined
            ? ([versionOf(script, version).name, 'host'] as const)
            : script.versionPick === 'alternate' && script.versions.length > 1
              ? ([rotation.pick(script), 'alternate'] as const)
              : ([script.versions[0]!.name, 'first'] as const);
        const state = live.load(script, name, pickedBy, leadLanguage, rehearsal);
        rotation.ran(script.id, name);
        return state;
      },
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
