import type { EventSpec, MethodSpec } from './define';

// Filled in by the prompter feature.
export const prompterMethods = {} satisfies Record<string, MethodSpec>;
export const prompterEvents = {} satisfies Record<string, EventSpec>;
