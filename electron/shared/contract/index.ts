import type { z } from 'zod';
import type { EventSpec, MethodSpec, Scope } from './define';
import { audienceEvents, audienceMethods, chatEvents, chatMethods, salesEvents, salesMethods } from './audience';
import { cardsEvents, cardsMethods } from './cards';
import { catalogEvents, catalogMethods } from './catalog';
import { complianceEvents, complianceMethods, disclosureEvents, disclosureMethods } from './compliance';
import { dealsEvents, dealsMethods } from './deals';
import { fleetEvents, fleetMethods } from './fleet';
import { obsEvents, obsMethods } from './obs';
import { outputsEvents, outputsMethods } from './outputs';
import { platformConnectionEvents, platformConnectionMethods, platformPushEvents, platformPushMethods } from './platform';
import { prompterEvents, prompterMethods } from './prompter';
import { rundownEvents, rundownMethods } from './rundown';
import { sessionEvents, sessionMethods } from './session';
import { settingsEvents, settingsMethods } from './settings';
import { systemEvents, systemMethods } from './system';

/**
 * The contract: every operation the host offers and every event it publishes, declared once.
 * IPC, WebSocket and REST are all generated from these two maps.
 */
export const methods = {
  ...systemMethods,
  ...settingsMethods,
  ...catalogMethods,
  ...sessionMethods,
  ...obsMethods,
  ...prompterMethods,
  ...cardsMethods,
  ...dealsMethods,
  ...rundownMethods,
  ...outputsMethods,
  ...platformConnectionMethods,
  ...platformPushMethods,
  ...chatMethods,
  ...salesMethods,
  ...complianceMethods,
  ...disclosureMethods,
  ...audienceMethods,
  ...fleetMethods,
} satisfies Record<string, MethodSpec>;

export const events = {
  ...systemEvents,
  ...settingsEvents,
  ...catalogEvents,
  ...sessionEvents,
  ...obsEvents,
  ...prompterEvents,
  ...cardsEvents,
  ...dealsEvents,
  ...outputsEvents,
  ...rundownEvents,
  ...platformConnectionEvents,
  ...platformPushEvents,
  ...chatEvents,
  ...salesEvents,
  ...audienceEvents,
  ...fleetEvents,
  ...complianceEvents,
  ...disclosureEvents,
} satisfies Record<string, EventSpec>;

export type Methods = typeof methods;
export type MethodName = keyof Methods;
export type MethodInput<M extends MethodName> = z.input<Methods[M]['input']>;
export type MethodParsedInput<M extends MethodName> = z.output<Methods[M]['input']>;
export type MethodOutput<M extends MethodName> = z.output<Methods[M]['output']>;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]['payload']>;
export interface HostEvent<E extends EventName = EventName> {
  name: E;
  payload: EventPayload<E>;
  /** Wall-clock time in ms when the host published it. */
  at: number;
}

export const methodNames = Object.keys(methods) as MethodName[];
export const eventNames = Object.keys(events) as EventName[];

/** `<domain>.<verb>`: lower camel case, one dot. */
export const methodNamePattern = /^[a-z][a-zA-Z]*\.[a-z][a-zA-Z]*$/;

export function isMethodName(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(methods, name);
}
export function isEventName(name: string): name is EventName {
  return Object.prototype.hasOwnProperty.call(events, name);
}

export function scopeAllows(spec: { scopes?: readonly Scope[] }, scope: Scope): boolean {
  return scope === 'control' || (spec.scopes?.includes(scope) ?? false);
}

export * from './define';
export * from './errors';
