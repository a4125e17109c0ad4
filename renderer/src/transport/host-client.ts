import type { EventName, HostEvent, MethodInput, MethodName, MethodOutput } from '../../../electron/shared/contract';
// errors.ts directly, not the contract index: the index builds every zod schema, which a page that only
// talks to the host (the OBS overlay) must not download.
import { HostError, type ErrorBody } from '../../../electron/shared/contract/errors';

/** One host event, narrowed by its name: `event.name === 'obs.state'` types `event.payload`. */
export type AnyHostEvent = { [E in EventName]: HostEvent<E> }[EventName];

export type LinkState = 'connecting' | 'online' | 'offline';

/**
 * How a window talks to the host, whatever the transport (IPC inside Electron, WebSocket in a browser).
 * Calls resolve with the method's output or reject with a HostError carrying the host's code and message.
 */
export interface HostClient {
  readonly kind: 'ipc' | 'ws';
  call<M extends MethodName>(method: M, input?: MethodInput<M>): Promise<MethodOutput<M>>;
  onEvent(listener: (event: AnyHostEvent) => void): () => void;
  onLinkState(listener: (state: LinkState, detail?: string) => void): () => void;
  /** The WebSocket client id (used by prompter lanes); null over IPC. */
  readonly clientId: () => string | null;
}

let sayError: (error: HostError) => string = (error) => error.message;

/**
 * How host errors read in this window (set by i18n at start, so transports stay free of i18next): every error
 * a call rejects with carries its message in the UI language, wherever it is shown; key and params stay.
 */
export function setErrorTranslator(translate: (error: HostError) => string): void {
  sayError = translate;
}

/** The error with its message in the UI language. */
export function localized(error: HostError): HostError {
  error.message = sayError(error);
  return error;
}

export function errorFromBody(body: ErrorBody | undefined): HostError {
  return localized(body ? HostError.fromBody(body) : new HostError('host.no_result'));
}

