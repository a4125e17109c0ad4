import crypto from 'node:crypto';
import { FakePlatform, type FakeRequest, type FakeResponse } from './fake-platform';

/**
 * A fake Google OAuth server (installed-app flow) at one base, as a connection's authBase: the consent page
 * (`/o/oauth2/v2/auth`, production accounts.google.com) and the token endpoint (`/token`, production
 * oauth2.googleapis.com). It checks what Google checks: a known client id, response_type=code, a PKCE S256
 * challenge, the redirect URI and verifier at the exchange, `client_secret` even with PKCE (400
 * "client_secret is missing."), single-use codes, and revoked refresh tokens (invalid_grant).
 */

export interface GoogleAccount {
  /** The YouTube channel the tokens belong to (the fake YouTube names it from here). */
  channelId: string;
  channelTitle: string;
}

export interface AccessTokenInfo {
  token: string;
  clientId: string;
  scope: string;
  expiresAt: number;
  account: GoogleAccount;
}

interface PendingCode {
  clientId: string;
  redirectUri: string;
  challenge: string;
  scope: string;
  used: boolean;
}

interface ConsentRequest {
  id: string;
  clientId: string;
  redirectUri: string;
  state: string | null;
  challenge: string;
  scope: string;
}

/**
 * What the consent page does when opened: `approve` redirects at once with a code (a plain HTTP client can
 * follow it), `deny` redirects with error=access_denied, `ask` shows a page with Allow/Deny buttons (a real
 * browser), `untick` approves without the YouTube scope (the user unticked it).
 */
export type ConsentMode = 'approve' | 'deny' | 'ask' | 'untick';

const consentPath = '/o/oauth2/v2/auth';

function oauthError(status: number, error: string, description: string): FakeResponse {
  return { status, body: { error, error_description: description } };
}

function html(status: number, body: string): FakeResponse {
  return { status, headers: { 'content-type': 'text/html; charset=utf-8' }, body };
}

function redirect(to: string): FakeResponse {
  return { status: 302, headers: { location: to }, body: '' };
}

export class FakeGoogle {
  readonly server: FakePlatform;
  /** Registered desktop OAuth clients: id -> secret. */
  readonly clients = new Map<string, string>();
  consent: ConsentMode = 'approve';
  /** The account that signs in on the consent page. */
  account: GoogleAccount = { channelId: 'UC-fake-channel', channelTitle: 'Fake Studio Channel' };
  /** Lifetime of an access token, seconds (Google: 3599). */
  accessTokenLifetimeSeconds = 3599;
  /** Google omits the refresh token on a refresh; true makes it send a new one (some providers do). */
  rotateRefreshTokens = false;

  readonly accessTokens = new Map<string, AccessTokenInfo>();
  /** Refresh token -> the grant it stands for; `revoked` ones answer invalid_grant. */
  readonly refreshTokens = new Map<string, { clientId: string; scope: string; account: GoogleAccount; revoked: boolean }>();
  /** Token endpoint calls, by grant type, that were answered 200. */
  readonly grants: { grantType: string; at: number }[] = [];
  private readonly codes = new Map<string, PendingCode>();
  private readonly consentRequests = new Map<string, ConsentRequest>();
  private counter = 0;

  constructor() {
    this.server = new FakePlatform('google', (req) => this.handle(req));
  }

  get base(): string {
    return this.server.base;
  }

  start(): Promise<string> {
    return this.server.start();
  }

  stop(): Promise<void> {
    return this.server.stop();
  }

  addClient(clientId: string, clientSecret: string): void {
    this.clients.set(clientId, clientSecret);
  }

  /**
   * A grant as if the user had consented already: the refresh token to seed a connection's credentials with
   * (tests of what comes after sign-in; the sign-in itself is tested through the consent page).
   */
  grantRefreshToken(clientId: string, scope = 'https://www.googleapis.com/auth/youtube.force-ssl'): string {
    const refreshToken = this.next('1//refresh');
    this.refreshTokens.set(refreshToken, { clientId, scope, account: { ...this.account }, revoked: false });
    return refreshToken;
  }

  /** The user removes the app's access in their Google account: every token of the grant stops working. */
  revokeAll(): void {
    for (const info of this.refreshTokens.values()) info.revoked = true;
    this.accessTokens.clear();
  }

  /** Access tokens expire now (a call with one gets 401), refresh tokens stay good. */
  expireAccessTokens(): void {
    for (const info of this.accessTokens.values()) info.expiresAt = 0;
  }

  /** The token a Data API call presents, when Google still takes it. */
  accessTokenInfo(authorization: string | undefined): AccessTokenInfo | null {
    const token = /^Bearer (.+)$/.exec(authorization ?? '')?.[1];
    const info = token ? this.accessTokens.get(token) : undefined;
    if (!info || info.expiresAt <= Date.now()) return null;
    return info;
  }

  /** Approves (or denies) a consent page shown in `ask` mode, as the user's click would: the redirect URL. */
  answerConsent(id: string, allow: boolean): string {
    const request = this.consentRequests.get(id);
    if (!request) throw new Error(`no consent page ${id}`);
    this.consentRequests.delete(id);
    return allow ? this.approvedRedirect(request, request.scope) : this.deniedRedirect(request);
  }

  private next(prefix: string): string {
    this.counter += 1;
    return `${prefix}-${this.counter}-${crypto.randomBytes(6).toString('hex')}`;
  }

  private handle(req: FakeRequest): FakeResponse {
    if (req.method === 'GET' && req.path === consentPath) return this.consentPage(req);
    if (req.method === 'POST' && req.path === `${consentPath}/answer`) return this.consentAnswer(req);
    if (req.method === 'POST' && req.path === '/token') return this.token(req);
    return { status: 404, body: { error: 'not_found', error_description: `no ${req.method} ${req.path} on fake Google` } };
  }

  private consentPage(req: FakeRequest): FakeResponse {
    const q = req.query;
    const clientId = q.get('client_id') ?? '';
    if (!this.clients.has(clientId)) return html(401, '<h1>Error 401: invalid_client</h1><p>The OAuth client was not found.</p>');
    const redirectUri = q.get('redirect_uri') ?? '';
    // Desktop clients may redirect to any loopback port (and only there).
    if (!/^http:\/\/(127\.0\.0\.1|\[::1\]|localhost)(:\d+)?(\/|$)/.test(redirectUri)) {
      return html(400, '<h1>Error 400: redirect_uri_mismatch</h1>');
    }
    if (q.get('response_type') !== 'code') return html(400, '<h1>Error 400: unsupported_response_type</h1>');
    const challenge = q.get('code_challenge') ?? '';
    if (q.get('code_challenge_method') !== 'S256' || !/^[A-Za-z0-9_-]{43}$/.test(challenge)) {
      return html(400, '<h1>Error 400: invalid_request</h1><p>Invalid code_challenge_method or code_challenge.</p>');
    }
    const scope = q.get('scope') ?? '';
    if (!scope) return html(400, '<h1>Error 400: invalid_request</h1><p>Missing required parameter: scope</p>');
    const request: ConsentRequest = { id: this.next('consent'), clientId, redirectUri, state: q.get('state'), challenge, scope };
    switch (this.consent) {
      case 'approve':
        return redirect(this.approvedRedirect(request, scope));
      case 'untick':
        return redirect(this.approvedRedirect(request, 'openid'));
      case 'deny':
        return redirect(this.deniedRedirect(request));
      case 'ask':
        this.consentRequests.set(request.id, request);
        return html(
          200,
          `<!doctype html><html><head><title>Sign in - Google Accounts (fake)</title></head><body>
<h1>Broadcart Studio wants to access your Google Account</h1><p>${this.account.channelTitle}</p><p>Manage your YouTube account</p>
<form method="post" action="${consentPath}/answer"><input type="hidden" name="id" value="${request.id}">
<button name="allow" value="1">Allow</button> <button name="allow" value="0">Cancel</button></form></body></html>`,
        );
    }
  }

  private consentAnswer(req: FakeRequest): FakeResponse {
    const form = new URLSearchParams(req.body);
    const id = form.get('id') ?? '';
    if (!this.consentRequests.has(id)) return html(400, '<h1>This page has expired</h1>');
    return redirect(this.answerConsent(id, form.get('allow') === '1'));
  }

  private approvedRedirect(request: ConsentRequest, scope: string): string {
    const code = this.next('4/code');
    this.codes.set(code, { clientId: request.clientId, redirectUri: request.redirectUri, challenge: request.challenge, scope, used: false });
    const to = new URL(request.redirectUri);
    to.searchParams.set('code', code);
    if (request.state !== null) to.searchParams.set('state', request.state);
    to.searchParams.set('scope', scope);
    return to.toString();
  }

  private deniedRedirect(request: ConsentRequest): string {
    const to = new URL(request.redirectUri);
    to.searchParams.set('error', 'access_denied');
    if (request.state !== null) to.searchParams.set('state', request.state);
    return to.toString();
  }

  private token(req: FakeRequest): FakeResponse {
    if (!/^application\/x-www-form-urlencoded/.test(req.headers['content-type'] ?? '')) {
      return oauthError(400, 'invalid_request', 'Invalid Content-Type: the body must be application/x-www-form-urlencoded.');
    }
    const form = new URLSearchParams(req.body);
    const clientId = form.get('client_id') ?? '';
    const secret = this.clients.get(clientId);
    if (secret === undefined) return oauthError(401, 'invalid_client', 'The OAuth client was not found.');
    // Google asks installed apps for their secret even with PKCE.
    if (!form.get('client_secret')) return oauthError(400, 'invalid_request', 'client_secret is missing.');
    if (form.get('client_secret') !== secret) return oauthError(401, 'invalid_client', 'Unauthorized');
    const grantType = form.get('grant_type');
    if (grantType === 'authorization_code') return this.exchange(form, clientId);
    if (grantType === 'refresh_token') return this.refresh(form, clientId);
    return oauthError(400, 'unsupported_grant_type', `Invalid grant_type: ${grantType ?? ''}`);
  }

  private exchange(form: URLSearchParams, clientId: string): FakeResponse {
    const code = this.codes.get(form.get('code') ?? '');
    if (!code || code.clientId !== clientId) return oauthError(400, 'invalid_grant', 'Malformed auth code.');
    if (code.used) return oauthError(400, 'invalid_grant', 'Bad Request');
    if (form.get('redirect_uri') !== code.redirectUri) return oauthError(400, 'redirect_uri_mismatch', 'Bad Request');
    const verifier = form.get('code_verifier');
    if (!verifier) return oauthError(400, 'invalid_grant', 'Missing code verifier.');
    const challenge = crypto.createHash('sha256').update(verifier).digest('base64url');
    if (challenge !== code.challenge) return oauthError(400, 'invalid_grant', 'Invalid code verifier.');
    code.used = true;
    const refreshToken = this.next('1//refresh');
    this.refreshTokens.set(refreshToken, { clientId, scope: code.scope, account: { ...this.account }, revoked: false });
    const access = this.issueAccess(clientId, code.scope, this.account);
    this.grants.push({ grantType: 'authorization_code', at: Date.now() });
    return { status: 200, body: { access_token: access, expires_in: this.accessTokenLifetimeSeconds, refresh_token: refreshToken, scope: code.scope, token_type: 'Bearer' } };
  }

  private refresh(form: URLSearchParams, clientId: string): FakeResponse {
    const token = form.get('refresh_token') ?? '';
    const grant = this.refreshTokens.get(token);
    if (!grant || grant.revoked || grant.clientId !== clientId) return oauthError(400, 'invalid_grant', 'Token has been expired or revoked.');
    const access = this.issueAccess(clientId, grant.scope, grant.account);
    this.grants.push({ grantType: 'refresh_token', at: Date.now() });
    const body: Record<string, unknown> = { access_token: access, expires_in: this.accessTokenLifetimeSeconds, scope: grant.scope, token_type: 'Bearer' };
    if (this.rotateRefreshTokens) {
      const next = this.next('1//refresh');
      this.refreshTokens.set(next, { ...grant });
      grant.revoked = true;
      body.refresh_token = next;
    }
    return { status: 200, body };
  }

  private issueAccess(clientId: string, scope: string, account: GoogleAccount): string {
    const token = this.next('ya29.access');
    this.accessTokens.set(token, { token, clientId, scope, expiresAt: Date.now() + this.accessTokenLifetimeSeconds * 1000, account: { ...account } });
    return token;
  }
}
