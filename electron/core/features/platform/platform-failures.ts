import { HostError, englishErrorText, type ErrorKey, type ErrorParams } from '../../../shared/contract';
import type { ConnectionState, PlatformId } from '../../../shared/contract/platform';
import { platformNames } from '../../../shared/platform-names';
import { PlatformError } from './adapters/adapter';
import { NetworkError } from './platform-http';

/** A connection state's text: its errors.json key and parameters, and the English message built from them. */
export interface StateText {
  state: ConnectionState;
  key: ErrorKey;
  params: ErrorParams;
  message: string;
}

export function stateText(state: ConnectionState, key: ErrorKey, params: ErrorParams = {}): StateText {
  return { state, key, params, message: englishErrorText(key, params) };
}

/** What to do before a connection without a token can be used: the platform's own sign-in words. */
export function signInNeeded(platform: PlatformId): StateText {
  const keys: Record<PlatformId, ErrorKey> = {
    'tiktok-shop': 'platform.sign_in_tiktok-shop',
    shopify: 'platform.sign_in_shopify',
    youtube: 'platform.sign_in_youtube',
    twitch: 'platform.sign_in_twitch',
  };
  return stateText('needs-auth', keys[platform]);
}

/**
 * What a failed platform call means for the connection: a token the platform no longer takes turns it
 * needs-auth (the user must sign in again); anything else is an error the studio retries by itself or
 * the platform's refusal, said with its own words and code.
 */
export function failureState(platform: PlatformId, error: unknown): StateText {
  const name = platformNames[platform];
  const reason = (error as Error)?.message ?? String(error);
  if (error instanceof NetworkError) return stateText('error', 'platform.unreachable', { platform: name, reason });
  if (!(error instanceof PlatformError)) return stateText('error', 'platform.unavailable', { platform: name, reason });
  const code = error.platformCode ?? (error.httpStatus !== null ? `HTTP ${error.httpStatus}` : 'none');
  switch (error.kind) {
    case 'auth':
      return stateText('needs-auth', 'platform.auth_failed', { platform: name, reason });
    case 'network':
      return stateText('error', 'platform.unreachable', { platform: name, reason });
    case 'throttled':
      return stateText('error', 'platform.throttled', { platform: name, reason, seconds: Math.ceil((error.retryAfterMs ?? 1000) / 1000) });
    case 'unavailable':
      return stateText('error', 'platform.unavailable', { platform: name, reason });
    case 'refused':
      return stateText('error', 'platform.refused', { platform: name, reason, code });
    case 'misconfigured':
      return stateText('error', 'platform.misconfigured', { reason });
  }
}

/** The same failure as an error thrown to the caller of a contract method (authorize, matchProducts). */
export function failureError(platform: PlatformId, error: unknown): HostError {
  if (error instanceof HostError) return error;
  const text = failureState(platform, error);
  const details = error instanceof PlatformError ? { kind: error.kind, platformCode: error.platformCode, httpStatus: error.httpStatus } : undefined;
  switch (text.key) {
    case 'platform.auth_failed':
      return new HostError('platform.auth_failed', text.params, details);
    case 'platform.unreachable':
      return new HostError('platform.unreachable', text.params, details);
    case 'platform.throttled':
      return new HostError('platform.throttled', text.params, details);
    case 'platform.refused':
      return new HostError('platform.refused', text.params, details);
    case 'platform.misconfigured':
      return new HostError('platform.misconfigured', text.params, details);
    default:
      return new HostError('platform.unavailable', text.params, details);
  }
}

/** The error for a connection that cannot call its platform until it is signed in. */
export function signInError(platform: PlatformId): HostError {
  switch (platform) {
    case 'tiktok-shop':
      return new HostError('platform.sign_in_tiktok-shop');
    case 'shopify':
      return new HostError('platform.sign_in_shopify');
    case 'youtube':
      return new HostError('platform.sign_in_youtube');
    case 'twitch':
      return new HostError('platform.sign_in_twitch');
  }
}
