import type { Feature, HostContext } from '../context';
import type { LocalServer } from '../server/local-server';
import { cardsFeature } from './cards/cards-feature';
import { catalogFeature } from './catalog/catalog-feature';
import { obsFeature } from './obs/obs-feature';
import { prompterFeature } from './prompter/prompter-feature';
import { sessionFeature } from './session/session-feature';
import { settingsFeature } from './settings/settings-feature';
import { systemFeature } from './system/system-feature';

/**
 * What a feature may use besides the context: the server (for features that serve pages) and the
 * features started before it (for in-host gateways such as the OBS connection; prefer the dispatcher).
 */
export interface FeatureDeps {
  server: LocalServer;
  features: ReadonlyMap<string, Feature>;
}

export type FeatureFactory = (ctx: HostContext, deps: FeatureDeps) => Feature;

/**
 * Every feature, in start order (stopped in reverse). The session log starts right after the basics, so
 * it is recording before any feature can publish, and stops last, after every feature has flushed.
 * Features talk to each other only through the event bus and the dispatcher (`ctx.dispatcher.client()`).
 */
export const features: readonly FeatureFactory[] = [
  systemFeature,
  settingsFeature,
  catalogFeature,
  sessionFeature,
  obsFeature,
  prompterFeature,
  cardsFeature,
];
