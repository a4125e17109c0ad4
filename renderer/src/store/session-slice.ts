import type { HostClient } from '../transport';
import type { EventHandler, Slice } from './types';

// Filled in by the session feature.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface SessionSlice {}

export const createSessionSlice =
  (_client: HostClient): Slice<SessionSlice> =>
  () => ({});

export const onSessionEvent: EventHandler = () => {};
