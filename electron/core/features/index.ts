import type { Feature, HostContext } from '../context';
import type { LocalServer } from '../server/local-server';
import { catalogFeature } from './catalog/catalog-feature';
import { settingsFeature } from './settings/settings-feature';
import { systemFeature } from './system/system-feature';

/** What a feature may use besides the context: the server, for features that serve pages. */
export interface FeatureDeps {
  server: LocalServer;
}

export type FeatureFactory = (ctx: HostContext, deps: FeatureDeps) => Feature;

/**
 * Every feature, in start order (stopped in reverse). A feature may use the features before it.
 */
export const features: readonly FeatureFactory[] = [systemFeature, settingsFeature, catalogFeature];
