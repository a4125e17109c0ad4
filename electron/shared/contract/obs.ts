import type { EventSpec, MethodSpec } from './define';

// Filled in by the obs feature.
export const obsMethods = {} satisfies Record<string, MethodSpec>;
export const obsEvents = {} satisfies Record<string, EventSpec>;
