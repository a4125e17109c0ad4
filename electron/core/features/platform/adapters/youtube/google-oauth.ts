import crypto from 'node:crypto';
import { platformDefaults } from '../../../../../shared/contract/platform';
import type { HttpResponse, PlatformHttp } from '../../platform-http';
import { NetworkError } from '../../platform-http';
import { PlatformError } from '../adapter';

/**
 * Google's OAuth 2.0 for installed apps: the consent page in the system browser, a loopback redirect back to
 * the host, PKCE (S256) and the user's own desktop client id and secret (Google requires the secret at the
 * token endpoint even with PKCE; it treats an installed app's secret as not secret).
 */

/** Enough to read the active broadcast and post in its chat (liveBroadcasts.list, liveChatMessages.insert/list, channels.list). */
export const youtubeScope = 'https://www.googleapis.com/auth/youtube.force-ssl';

/** How long a consent page stays usable: the pending sign-in (state, verifier) is forgotten after this. */
export const consentValidityMs = 10 * 60_000;

const productionConsentPage = 'https://accounts.google.com/o/oauth2/v2/auth';

/**
 * The consent page: Google's own (accounts.google.com) for the production token host, else under the
 * overridden authBase (a sandbox or a test's fake Google serves both there).
 */
export function consentPageUrl(authBase: string): string {
  return authBase === platformDefaults.youtube.authBase ? productionConsentPage : `${authBase}/o/oauth2/v2/auth`;
}

/** A PKCE pair (RFC 7636): the verifier stays here, its S256 challenge goes in the consent URL. */
export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = crypto.randomBytes(48).toString('base64url');
  const challenge = crypto.createHash('sha256').update(verifier).digest('base64url');
  return { verifier, challenge };
}

export function randomState(): string {
  return crypto.randomBytes(24).toString('base64url');
}

export interface GoogleTokens {
  accessToken: string;
  /** Absent on a refresh: Google keeps the refresh token it gave at the first grant. */
  refreshToken: string | null;
  expiresAt: number;
  scope: string;
}

/** Google's token endpoint's error words, each said as what the user can do about it. */
function tokenError(res: HttpResponse, during: 'sign-in' | 'refresh'): PlatformError {
  let error = '';
  let description = '';
  try {
    const body = JSON.parse(res.text) as { error?: string; error_description?: string };
    error = body.error ?? '';
    description = body.error_description ?? '';
  } catch {
    // not JSON: the status says enough
  }
  const details = { platformCode: error || res.status, httpStatus: res.status };
  const said = description ? ` (Google said: ${description})` : '';
  if (res.status >= 500) return new PlatformError('unavailable', `Google's sign-in service failed (HTTP ${res.status}); trying again later.`, details);
  if (res.status === 429) return new PlatformError('throttled', `Google's sign-in service asks to slow down (HTTP 429).`, details);
  if (error === 'invalid_grant') {
    return during === 'refresh'
      ? new PlatformError('auth', `Google no longer accepts this YouTube sign-in: it was revoked or expired${said}. Sign in to YouTube again.`, details)
      : new PlatformError('auth', `Google refused the sign-in code: it was already used, expired or came from another sign-in${said}. Start the YouTube sign-in again.`, details);
  }
  if (error === 'invalid_client' || error === 'unauthorized_client') {
    return new PlatformError('auth', `Google does not accept this client id and secret${said}: copy both again from your Google Cloud project's OAuth client (type "Desktop app").`, details);
  }
  return new PlatformError('misconfigured', `Google's token endpoint refused the request: ${error || `HTTP ${res.status}`}${said}.`, details);
}

async function postForm(http: PlatformHttp, url: string, form: Record<string, string>): Promise<HttpResponse> {
  try {
    return await http.request({
      method: 'POST',
      url,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
    });
  } catch (error) {
    if (error instanceof NetworkError) throw new PlatformError('network', error.message, { platformCode: error.code });
    throw error;
  }
}

function readTokens(res: HttpResponse, now: number): GoogleTokens {
  const body = JSON.parse(res.text) as { access_token?: string; refresh_token?: string; expires_in?: number; scope?: string };
  if (!body.access_token) throw new PlatformError('unavailable', 'Google answered the token request without an access token.', { httpStatus: res.status });
  return {
    accessToken: body.access_token,
    refreshToken: body.refresh_token ?? null,
    expiresAt: now + (body.expires_in ?? 3600) * 1000,
    scope: body.scope ?? '',
  };
}

export async function exchangeCode(
  http: PlatformHttp,
  authBase: string,
  form: { code: string; clientId: string; clientSecret: string; codeVerifier: string; redirectUri: string },
  now: () => number,
): Promise<GoogleTokens> {
  const res = await postForm(http, `${authBase}/token`, {
    code: form.code,
    client_id: form.clientId,
    client_secret: form.clientSecret,
    code_verifier: form.codeVerifier,
    grant_type: 'authorization_code',
    redirect_uri: form.redirectUri,
  });
  if (res.status !== 200) throw tokenError(res, 'sign-in');
  return readTokens(res, now());
}

export async function refreshTokens(
  http: PlatformHttp,
  authBase: string,
  form: { refreshToken: string; clientId: string; clientSecret: string },
  now: () => number,
): Promise<GoogleTokens> {
  const res = await postForm(http, `${authBase}/token`, {
    refresh_token: form.refreshToken,
    client_id: form.clientId,
    client_secret: form.clientSecret,
    grant_type: 'refresh_token',
  });
  if (res.status !== 200) throw tokenError(res, 'refresh');
  return readTokens(res, now());
}
