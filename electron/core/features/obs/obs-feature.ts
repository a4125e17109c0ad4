import type { Feature, HostContext } from '../../context';
import type { FeatureDeps } from '../index';

// Filled in by the obs feature.
export function obsFeature(_ctx: HostContext, _deps: FeatureDeps): Feature {
  return { name: 'obs', handlers: {} };
}
