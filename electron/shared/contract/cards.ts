import type { EventSpec, MethodSpec } from './define';

// Filled in by the cards feature.
export const cardsMethods = {} satisfies Record<string, MethodSpec>;
export const cardsEvents = {} satisfies Record<string, EventSpec>;
