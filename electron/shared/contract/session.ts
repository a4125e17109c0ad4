import type { EventSpec, MethodSpec } from './define';

// Filled in by the session feature.
export const sessionMethods = {} satisfies Record<string, MethodSpec>;
export const sessionEvents = {} satisfies Record<string, EventSpec>;
