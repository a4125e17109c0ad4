import { createHmac } from 'node:crypto';

/**
 * TikTok Shop's request signature (Partner API 202309+): the query parameters except `sign` and
 * `access_token` (and empty or array-valued ones, which are never sent), sorted by key and concatenated as
 * `{key}{value}`, prefixed with the path, followed by the exact raw body (not when multipart), wrapped as
 * `app_secret + s + app_secret`, then HMAC-SHA256 keyed with the app secret, in lowercase hex.
 */
export function tiktokSignString(appSecret: string, path: string, query: Readonly<Record<string, string>>, body = ''): string {
  const keys = Object.keys(query)
    .filter((k) => k !== 'sign' && k !== 'access_token' && query[k] !== '')
    .sort();
  return `${appSecret}${path}${keys.map((k) => `${k}${query[k]}`).join('')}${body}${appSecret}`;
}

export function tiktokSign(appSecret: string, path: string, query: Readonly<Record<string, string>>, body = ''): string {
  return createHmac('sha256', appSecret).update(tiktokSignString(appSecret, path, query, body)).digest('hex');
}
