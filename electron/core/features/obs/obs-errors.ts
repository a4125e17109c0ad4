import { HostError, type ErrorCode } from '../../../shared/contract';
import type { ObsConnectionState } from '../../../shared/contract/obs';

/** obs-websocket v5 request status codes the app reacts to (RequestStatus in the protocol). */
export const ObsStatus = {
  NotReady: 207,
  UnknownRequestType: 204,
  OutputRunning: 500,
  OutputNotRunning: 501,
  StudioModeActive: 505,
  StudioModeNotActive: 506,
  ResourceNotFound: 600,
  ResourceAlreadyExists: 601,
} as const;

/** How an obs-websocket status code maps onto the host's error codes, with a hint for people. */
function classify(code: number): { hostCode: ErrorCode; hint: string } {
  if (code === ObsStatus.NotReady) return { hostCode: 'unavailable', hint: 'OBS is still loading; try again in a moment.' };
  if (code === ObsStatus.UnknownRequestType) return { hostCode: 'bad_request', hint: 'This OBS does not know that request; update OBS.' };
  if (code >= 300 && code < 500) return { hostCode: 'bad_request', hint: 'A field of the request was missing or wrong.' };
  if (code === ObsStatus.OutputRunning) return { hostCode: 'invalid_state', hint: 'It is already running.' };
  if (code === ObsStatus.OutputNotRunning) return { hostCode: 'invalid_state', hint: 'It is not running.' };
  if (code === ObsStatus.StudioModeActive) return { hostCode: 'invalid_state', hint: 'Turn studio mode off first.' };
  if (code === ObsStatus.StudioModeNotActive) return { hostCode: 'invalid_state', hint: 'Turn studio mode on first.' };
  if (code >= 500 && code < 600) return { hostCode: 'invalid_state', hint: 'OBS is not in a state that allows this.' };
  if (code === ObsStatus.ResourceNotFound) return { hostCode: 'not_found', hint: 'Check the name in OBS.' };
  if (code === ObsStatus.ResourceAlreadyExists) return { hostCode: 'conflict', hint: 'Pick another name.' };
  if (code >= 600 && code < 700) return { hostCode: 'invalid_state', hint: 'OBS cannot do this with that source.' };
  return { hostCode: 'internal', hint: 'OBS could not do it; see the OBS log.' };
}

export interface ObsErrorDetails {
  obsCode: number;
  requestType: string;
  obsComment?: string;
}

/** A HostError for a request OBS refused, keeping OBS's code in `details.obsCode`. */
export function obsRequestError(requestType: string, code: number, comment: string | undefined, message?: string): HostError {
  const { hostCode, hint } = classify(code);
  const text = message ?? `OBS refused ${requestType} (code ${code}${comment ? `: ${comment}` : ''}). ${hint}`;
  const details: ObsErrorDetails = { obsCode: code, requestType, ...(comment ? { obsComment: comment } : {}) };
  return new HostError(hostCode, text, details);
}

export function isObsCode(error: unknown, code: number): boolean {
  return error instanceof HostError && (error.details as ObsErrorDetails | undefined)?.obsCode === code;
}

/** What a failed connection attempt means for people: the state to show and what to do about it. */
export function describeConnectFailure(
  url: string,
  failure: { closeCode?: number; reason?: string; errorMessage?: string; passwordSet: boolean; authRequired?: boolean },
): { state: ObsConnectionState; message: string } {
  const { closeCode, reason, errorMessage = '', passwordSet, authRequired } = failure;
  if (closeCode === 4009) {
    return passwordSet
      ? { state: 'auth-failed', message: 'OBS rejected the password. Check it in OBS under Tools → WebSocket Server Settings and enter it again.' }
      : { state: 'auth-failed', message: 'OBS asks for a password and none is set. Enter the password shown in OBS under Tools → WebSocket Server Settings.' };
  }
  if (authRequired && !passwordSet) {
    return { state: 'auth-failed', message: 'OBS asks for a password and none is set. Enter the password shown in OBS under Tools → WebSocket Server Settings.' };
  }
  if (closeCode === 4010) {
    return { state: 'unreachable', message: 'This OBS speaks another obs-websocket version. Use OBS 28 or newer (obs-websocket 5).' };
  }
  if (/ECONNREFUSED/.test(errorMessage)) {
    return {
      state: 'unreachable',
      message: `Nothing answers at ${url}: OBS is not running, or its WebSocket server is off (Tools → WebSocket Server Settings → Enable), or it uses another port. Retrying…`,
    };
  }
  if (/ENOTFOUND|EAI_AGAIN/.test(errorMessage)) {
    return { state: 'unreachable', message: `The address ${url} does not resolve. Check the computer name or IP of the OBS machine. Retrying…` };
  }
  if (/ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|timed out/i.test(errorMessage)) {
    return { state: 'unreachable', message: `No answer from ${url}: the OBS computer is off, on another network, or a firewall blocks the port. Retrying…` };
  }
  if (/subprotocol|Unexpected server response/i.test(errorMessage)) {
    return { state: 'unreachable', message: `Something at ${url} answered, but it is not obs-websocket 5. Check the port (OBS 28+ uses 4455 by default).` };
  }
  const detail = errorMessage || reason || (closeCode ? `close code ${closeCode}` : 'unknown error');
  return { state: 'unreachable', message: `Could not connect to OBS at ${url} (${detail}). Retrying…` };
}
