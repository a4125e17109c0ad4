import type { Feature, HostContext } from '../../context';
import type { FeatureDeps } from '../index';

// Filled in by the cards feature.
export function cardsFeature(_ctx: HostContext, _deps: FeatureDeps): Feature {
  return { name: 'cards', handlers: {} };
}
