import type { MethodName, MethodOutput, MethodParsedInput, Scope } from '../../shared/contract';

/** Who is calling: the transport and the token's scope. Handlers may use it for logging. */
export interface CallContext {
  transport: 'ipc' | 'ws' | 'rest' | 'internal';
  scope: Scope;
  /** A WebSocket connection's id, or an app window's: prompter lanes join and leave with it, and its event subscription is known by it. */
  clientId?: string;
}

export type Handler<M extends MethodName> = (
  input: MethodParsedInput<M>,
  context: CallContext,
) => Promise<MethodOutput<M>> | MethodOutput<M>;

export type Handlers = { [M in MethodName]: Handler<M> };
export type PartialHandlers = { [M in MethodName]?: Handler<M> };
