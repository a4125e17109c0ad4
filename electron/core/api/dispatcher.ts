import { z } from 'zod';
import {
  HostError,
  isMethodName,
  methodNames,
  methods,
  scopeAllows,
  type MethodName,
} from '../../shared/contract';
import type { ValidationIssue } from '../../shared/contract/validation-texts';
import type { CallContext, Handlers, PartialHandlers } from './handlers';

/** What of a zod issue the UI needs to say it in its own words (validation-issue.ts); the rest is zod's. */
const issueFacts = ['expected', 'origin', 'minimum', 'maximum', 'inclusive', 'format', 'values', 'keys', 'divisor'] as const;

/** The value at a path of the input, to tell a missing field from one of the wrong type. */
function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/**
 * Turns zod issues into a short message a person can act on (English, for REST clients and logs), keeping
 * the issues as details: path, zod's code and message, and the facts (minimum, expected type...) the UI
 * phrases them from in its language.
 */
export function describeZodError(error: z.ZodError, input?: unknown): { message: string; fields: string; details: ValidationIssue[] } {
  const parts = error.issues.slice(0, 5).map((issue) => {
    const where = issue.path.length > 0 ? issue.path.join('.') : 'input';
    return `${where}: ${issue.message}`;
  });
  const details = error.issues.map((issue) => {
    const facts = issue as unknown as Record<string, unknown>;
    const detail: Record<string, unknown> = { path: issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p)), message: issue.message, code: issue.code };
    for (const fact of issueFacts) {
      const value = facts[fact];
      if (Array.isArray(value)) detail[fact] = value.map((v: unknown) => (typeof v === 'string' || typeof v === 'number' ? v : String(v)));
      else if (typeof value === 'bigint') detail[fact] = Number(value);
      else if (value !== undefined && typeof value !== 'object') detail[fact] = value;
    }
    if (issue.code === 'invalid_type' && valueAt(input, issue.path) === undefined) detail.missing = true;
    return detail as unknown as ValidationIssue;
  });
  return { message: `Invalid input. ${parts.join('; ')}`, fields: parts.join('; '), details };
}

/**
 * The one place every call goes through, whatever the transport: it checks the method exists, the
 * caller's scope allows it, parses the input with the contract's schema, runs the handler and turns
 * every failure into a HostError. Transports only move bytes.
 */
export class Dispatcher {
  private readonly handlers: PartialHandlers = {};

  register(handlers: PartialHandlers): void {
    for (const name of Object.keys(handlers) as MethodName[]) {
      if (!isMethodName(name)) throw new Error(`Handler for unknown method ${name}`);
      if (this.handlers[name]) throw new Error(`Two handlers for ${name}`);
      (this.handlers as Record<string, unknown>)[name] = handlers[name];
    }
  }

  /** Methods declared in the contract with no handler: the host refuses to start with any. */
  missing(): MethodName[] {
    return methodNames.filter((name) => !this.handlers[name]);
  }

  async call(name: string, rawInput: unknown, context: CallContext): Promise<unknown> {
    if (!isMethodName(name)) {
      throw new HostError('request.unknown_method', { method: name });
    }
    const spec = methods[name];
    if (!scopeAllows(spec, context.scope)) {
      throw new HostError('request.scope_forbidden', { scope: context.scope, method: name });
    }
    const parsed = spec.input.safeParse(rawInput ?? undefined);
    if (!parsed.success) {
      const { fields, details } = describeZodError(parsed.error, rawInput);
      throw new HostError('request.invalid_input', { method: name, fields }, details);
    }
    const handler = (this.handlers as Handlers)[name] as (input: unknown, ctx: CallContext) => unknown;
    if (!handler) throw new HostError('request.no_handler', { method: name });
    try {
      return await handler(parsed.data, context);
    } catch (error) {
      throw toHostError(error);
    }
  }

  /**
   * A typed client for code inside the host (and tests) that goes through the same checks. In-host
   * callers use it rather than `call`: method names, inputs and answers are checked at compile time.
   * `call` by string stays for the transports, which route names that come from outside. The default
   * context is an internal caller with control rights; pass another (e.g. ipc) to act as that transport.
   */
  client(context: CallContext = { transport: 'internal', scope: 'control' }) {
    return <M extends MethodName>(name: M, input?: z.input<(typeof methods)[M]['input']>) =>
      this.call(name, input, context) as Promise<z.output<(typeof methods)[M]['output']>>;
  }
}

export function toHostError(error: unknown): HostError {
  if (error instanceof HostError) return error;
  if (error instanceof z.ZodError) {
    const { message, details } = describeZodError(error);
    return new HostError('host.invalid_output', { problem: message }, details);
  }
  const message = error instanceof Error ? error.message : String(error);
  return new HostError('host.internal', { reason: message });
}
