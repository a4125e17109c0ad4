import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ErrorParams } from '../../../shared/contract';
import { defaultLanguage, isRightToLeft, type UiLanguage } from '../../../shared/languages';
import { platformNames } from '../../../shared/platform-names';
import { fillTemplate } from '../../../shared/template';
import type { OpenRoute } from '../../server/local-server';
import type { PlatformConnections } from './connections';
import arErrors from '../../../../locales/ar/errors.json';
import arPlatforms from '../../../../locales/ar/platforms.json';
import enErrors from '../../../../locales/en/errors.json';
import enPlatforms from '../../../../locales/en/platforms.json';
import idErrors from '../../../../locales/id/errors.json';
import idPlatforms from '../../../../locales/id/platforms.json';
import zhErrors from '../../../../locales/zh-CN/errors.json';
import zhPlatforms from '../../../../locales/zh-CN/platforms.json';
import esErrors from '../../../../locales/es/errors.json';
import esPlatforms from '../../../../locales/es/platforms.json';
import viErrors from '../../../../locales/vi/errors.json';
import viPlatforms from '../../../../locales/vi/platforms.json';

export const oauthCallbackPath = '/oauth/callback';

// errors.json also holds nested sections (terms, validation): only a domain's string texts are read here.
const texts: Record<UiLanguage, { errors: Record<string, Record<string, unknown>>; page: typeof enPlatforms.callback }> = {
  en: { errors: enErrors, page: enPlatforms.callback },
  'zh-CN': { errors: zhErrors, page: zhPlatforms.callback },
  es: { errors: esErrors, page: esPlatforms.callback },
  vi: { errors: viErrors, page: viPlatforms.callback },
  id: { errors: idErrors, page: idPlatforms.callback },
  ar: { errors: arErrors, page: arPlatforms.callback },
};

const style =
  'body{margin:0;min-height:100vh;display:grid;place-items:center;background:#14161a;color:#e8eaed;font:16px/1.5 system-ui,sans-serif}' +
  'main{max-width:34rem;padding:2rem;border:1px solid #2c3038;border-radius:12px;background:#1c1f24}' +
  'h1{margin:0 0 .75rem;font-size:1.5rem}.ok h1{color:#5bd88a}.failed h1{color:#ff8a80}p{margin:.5rem 0}.hint{color:#a8adb5;font-size:.9rem}';
const styleHash = createHash('sha256').update(style).digest('base64');

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * GET /oauth/callback: where the platform's consent page sends the system browser back (a loopback
 * redirect, RFC 8252). The browser has no host token: the `state` of a sign-in this host started is the
 * only thing that lets the request in, and only from this computer. Answers a small page in the studio's
 * language saying it worked (close the tab) or what went wrong.
 */
export function oauthRoute(connections: PlatformConnections, language: () => UiLanguage): OpenRoute {
  return {
    prefix: oauthCallbackPath,
    async handle(req, res, url) {
      const say = texts[language()] ?? texts[defaultLanguage];
      const error = (key: string, params: ErrorParams) => {
        const [domain, name] = key.split('.') as [string, string];
        const textIn = (errors: Record<string, Record<string, unknown>>) => {
          const text = errors[domain]?.[name];
          return typeof text === 'string' ? text : undefined;
        };
        return fillTemplate(textIn(say.errors) ?? textIn(texts.en.errors) ?? key, params);
      };
      if (!isLoopback(req)) return page(res, 403, language(), say.page.pageTitle, say.page.failedTitle, error('platform.oauth_not_local', {}), null);
      if (req.method !== 'GET') return page(res, 400, language(), say.page.pageTitle, say.page.failedTitle, error('platform.oauth_unknown_state', {}), null);
      const outcome = await connections.completeRedirect(url.searchParams);
      if (outcome.ok) {
        const { connection } = outcome;
        const text = error('platform.oauth_done', { platform: platformNames[connection.platform], account: connection.account ?? connection.label });
        return page(res, 200, language(), say.page.pageTitle, say.page.doneTitle, text, say.page.backToStudio, true);
      }
      page(res, 400, language(), say.page.pageTitle, say.page.failedTitle, error(outcome.text.key, outcome.text.params), say.page.backToStudio);
    },
  };
}

function isLoopback(req: IncomingMessage): boolean {
  const address = req.socket.remoteAddress ?? '';
  return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';
}

function page(res: ServerResponse, status: number, lang: string, title: string, heading: string, text: string, hint: string | null, ok = false): void {
  const body =
    `<!doctype html><html lang="${escapeHtml(lang)}" dir="${isRightToLeft(lang) ? 'rtl' : 'ltr'}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">` +
    `<title>${escapeHtml(title)}</title><style>${style}</style></head><body><main class="${ok ? 'ok' : 'failed'}" data-outcome="${ok ? 'ok' : 'failed'}">` +
    `<h1>${escapeHtml(heading)}</h1><p>${escapeHtml(text)}</p>${hint ? `<p class="hint">${escapeHtml(hint)}</p>` : ''}</main></body></html>`;
  res.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Cache-Control': 'no-store',
    // Nothing runs on this page; only its own stylesheet applies.
    'Content-Security-Policy': `default-src 'none'; style-src 'sha256-${styleHash}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
    'Referrer-Policy': 'no-referrer',
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(body);
}
