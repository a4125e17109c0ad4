import type { Feature, HostContext } from '../../context';
import type { FeatureDeps } from '../index';

// Filled in by the prompter feature.
export function prompterFeature(_ctx: HostContext, _deps: FeatureDeps): Feature {
  return { name: 'prompter', handlers: {} };
}
