import type { HostClient } from '../transport';
import type { EventHandler, Slice } from './types';

// Filled in by the obs feature.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ObsSlice {}

export const createObsSlice =
  (_client: HostClient): Slice<ObsSlice> =>
  () => ({});

export const onObsEvent: EventHandler = () => {};
