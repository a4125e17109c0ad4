import type { Feature, HostContext } from '../../context';
import type { FeatureDeps } from '../index';

// Filled in by the sessionlog feature.
export function sessionLogFeature(_ctx: HostContext, _deps: FeatureDeps): Feature {
  return { name: 'sessionlog', handlers: {} };
}
