import { HostError, englishErrorText, type ErrorKey, type ErrorParams } from '../../../shared/contract';
import type { ObsConnectionState } from '../../../shared/contract/obs';

/** obs-websocket v5 request status codes the app reacts to (RequestStatus in the protocol; OBS's state is `ObsSnapshot`). */
export const ObsRequestStatus = {
  NotReady: 207,
  UnknownRequestType: 204,
  OutputRunning: 500,
  OutputNotRunning: 501,
  StudioModeActive: 505,
  StudioModeNotActive: 506,
  ResourceNotFound: 600,
  ResourceAlreadyExists: 601,
} as const;

/** Which registered error an obs-websocket status code becomes (each says what to do about it). */
function classify(code: number): ErrorKey {
  if (code === ObsRequestStatus.NotReady) return 'obs.refused_not_ready';
  if (code === ObsRequestStatus.UnknownRequestType) return 'obs.refused_unknown_request';
  if (code >= 300 && code < 500) return 'obs.refused_bad_field';
  if (code === ObsRequestStatus.OutputRunning) return 'obs.refused_running';
  if (code === ObsRequestStatus.OutputNotRunning) return 'obs.refused_not_running';
  if (code === ObsRequestStatus.StudioModeActive) return 'obs.refused_studio_mode_on';
  if (code === ObsRequestStatus.StudioModeNotActive) return 'obs.refused_studio_mode_off';
  if (code >= 500 && code < 600) return 'obs.refused_state';
  if (code === ObsRequestStatus.ResourceNotFound) return 'obs.refused_not_found';
  if (code === ObsRequestStatus.ResourceAlreadyExists) return 'obs.refused_exists';
  if (code >= 600 && code < 700) return 'obs.refused_source';
  return 'obs.refused_other';
}

export interface ObsErrorDetails {
  obsCode: number;
  requestType: string;
  obsComment?: string;
}

/** A HostError for a request OBS refused, keeping OBS's code in `details.obsCode`. */
export function obsRequestError(requestType: string, code: number, comment: string | undefined): HostError {
  const details: ObsErrorDetails = { obsCode: code, requestType, ...(comment ? { obsComment: comment } : {}) };
  return new HostError(classify(code), { requestType, obsCode: code, comment: comment ? `: ${comment}` : '' }, details);
}

export function isObsCode(error: unknown, code: number): boolean {
  return error instanceof HostError && (error.details as ObsErrorDetails | undefined)?.obsCode === code;
}

/** A connection state's text: its registry key and parameters, and the English message built from them. */
export interface ObsStateText {
  message: string;
  key: ErrorKey;
  params: ErrorParams;
}

export function obsStateText(key: ErrorKey, params: ErrorParams = {}): ObsStateText {
  return { message: englishErrorText(key, params), key, params };
}

/** What a failed connection attempt means for people: the state to show and what to do about it. */
export function describeConnectFailure(
  url: string,
  failure: { closeCode?: number; reason?: string; errorMessage?: string; passwordSet: boolean; authRequired?: boolean },
): { state: ObsConnectionState; text: ObsStateText } {
  const { closeCode, reason, errorMessage = '', passwordSet, authRequired } = failure;
  const fail = (state: ObsConnectionState, key: ErrorKey, params: ErrorParams = {}) => ({ state, text: obsStateText(key, params) });
  if (closeCode === 4009) return fail('auth-failed', passwordSet ? 'obs.wrong_password' : 'obs.password_missing');
  if (authRequired && !passwordSet) return fail('auth-failed', 'obs.password_missing');
  if (closeCode === 4010) return fail('unreachable', 'obs.wrong_protocol_version');
  if (/ECONNREFUSED/.test(errorMessage)) return fail('unreachable', 'obs.refused_connection', { url });
  if (/ENOTFOUND|EAI_AGAIN/.test(errorMessage)) return fail('unreachable', 'obs.unresolved', { url });
  if (/ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|timed out/i.test(errorMessage)) return fail('unreachable', 'obs.unreachable', { url });
  if (/subprotocol|Unexpected server response/i.test(errorMessage)) return fail('unreachable', 'obs.not_obs_websocket', { url });
  const detail = errorMessage || reason || (closeCode ? `close code ${closeCode}` : 'unknown error');
  return fail('unreachable', 'obs.connect_failed', { url, reason: detail });
}
