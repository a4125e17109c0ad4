import type { HttpResponse } from '../../platform-http';
import { PlatformError, retryAfterMs } from '../adapter';

/** Every TikTok Shop answer (API and token endpoints): code 0 is success, anything else says why not. */
export interface TikTokEnvelope {
  code: number;
  message: string;
  request_id?: string;
  data?: unknown;
}

/** TikTok Shop's error codes the adapter acts on (platform-apis.md). */
export const tiktokCodes = {
  ok: 0,
  accessTokenExpired: 105002,
  missingScope: 105005,
  badSignature: 106001,
  shopCipherMissing: 106013,
  badAuthCode: 36004004,
  tooManyRequests: 36009002,
  internal: 36009003,
  /** Several meanings (bad token, app key, timestamp, cipher not required): the message says which. */
  invalidRequest: 36009004,
} as const;

/** Reads the envelope; null when the body is not one (a proxy's HTML page, an empty 502). */
export function readEnvelope(res: HttpResponse): TikTokEnvelope | null {
  try {
    const parsed = JSON.parse(res.text) as Partial<TikTokEnvelope> | null;
    if (parsed && typeof parsed === 'object' && typeof parsed.code === 'number') {
      return { code: parsed.code, message: typeof parsed.message === 'string' ? parsed.message : '', request_id: parsed.request_id, data: parsed.data };
    }
  } catch {
    // not JSON: judged by the HTTP status below
  }
  return null;
}

/** A 36009004 whose message is about the token (not the timestamp, app key or cipher). */
export function isInvalidTokenMessage(message: string): boolean {
  return /token/i.test(message) && !/timestamp|cipher/i.test(message);
}

/**
 * Turns a failed answer into the PlatformError kind the push engine acts on. The caller handles 105002
 * (refresh, then retry once) before asking this, so here an expired token is final.
 */
export function errorFor(res: HttpResponse, envelope: TikTokEnvelope | null, now: number): PlatformError {
  const status = res.status;
  if (!envelope) {
    if (status === 429) return new PlatformError('throttled', 'TikTok Shop asks to slow down (HTTP 429).', { httpStatus: status, retryAfterMs: retryAfterMs(res.headers['retry-after'], now) });
    if (status >= 500) return new PlatformError('unavailable', `TikTok Shop failed (HTTP ${status}); it will be tried again.`, { httpStatus: status });
    return new PlatformError('misconfigured', `The API base answered HTTP ${status} without TikTok Shop's answer format: check the connection's API base address.`, { httpStatus: status });
  }
  const { code, message } = envelope;
  const details = { platformCode: code, httpStatus: status };
  const said = message ? `: ${message}` : '';
  if (code === tiktokCodes.tooManyRequests || status === 429) {
    return new PlatformError('throttled', `TikTok Shop asks to slow down${said}`, { ...details, retryAfterMs: retryAfterMs(res.headers['retry-after'], now) });
  }
  switch (code) {
    case tiktokCodes.internal:
      return new PlatformError('unavailable', `TikTok Shop had an internal error${said}; it will be tried again.`, details);
    case tiktokCodes.accessTokenExpired:
      return new PlatformError('auth', `TikTok Shop's sign-in expired and could not be renewed${said}. Sign in again with a new authorization code.`, details);
    case tiktokCodes.badSignature:
      return new PlatformError('auth', `TikTok Shop rejected the request signature${said}. Check the app secret of this connection.`, details);
    case tiktokCodes.badAuthCode:
      return new PlatformError('auth', `TikTok Shop did not accept the authorization code${said}. Authorize the app again and paste the new code (each code works once and expires).`, details);
    case tiktokCodes.missingScope:
      return new PlatformError('refused', `TikTok Shop refused: the app lacks the permission for this${said}. Add the scope to the app in Partner Center and authorize again.`, details);
    case tiktokCodes.shopCipherMissing:
      return new PlatformError('misconfigured', `TikTok Shop needs the shop cipher for this call${said}. Check the connection (it reads the shop from the authorization).`, details);
    case tiktokCodes.invalidRequest:
      if (/timestamp/i.test(message)) {
        return new PlatformError('misconfigured', `TikTok Shop rejected the request time${said}. Check that this computer's clock is set correctly.`, details);
      }
      if (isInvalidTokenMessage(message) || /app[_ ]?(key|secret)/i.test(message)) {
        return new PlatformError('auth', `TikTok Shop did not accept this connection's credentials${said}. Check the app key and sign in again.`, details);
      }
      if (/cipher/i.test(message)) return new PlatformError('misconfigured', `TikTok Shop rejected the shop cipher${said}.`, details);
      return new PlatformError('refused', `TikTok Shop refused the request${said}`, details);
    default:
      if (status >= 500) return new PlatformError('unavailable', `TikTok Shop failed (HTTP ${status})${said}; it will be tried again.`, details);
      return new PlatformError('refused', `TikTok Shop refused${said}`, details);
  }
}
