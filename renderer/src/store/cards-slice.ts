import type { HostClient } from '../transport';
import type { EventHandler, Slice } from './types';

// Filled in by the cards feature.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface CardsSlice {}

export const createCardsSlice =
  (_client: HostClient): Slice<CardsSlice> =>
  () => ({});

export const onCardsEvent: EventHandler = () => {};
