import fs from 'node:fs';
import path from 'node:path';
import type { OutputCapability } from '../../../../shared/contract/outputs';
import { HostError } from '../../../../shared/contract';
import type { EventBus } from '../../../bus';
import type { LocalServer } from '../../../server/local-server';
import { pageSecurityHeaders } from '../../../server/request-guards';
import { done, outputDetail, type CardRender, type OutputAdapter, type OutputResult } from './output-adapter';

/**
 * Stricter than the control room's policy: no inline styles or scripts at all, nothing from elsewhere,
 * images only from the host or data: URLs (the QR code). The page is read-only and text-only.
 */
export const overlayCsp =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self' data:; " +
  "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export interface OverlayDeps {
  bus: EventBus;
  server: LocalServer;
  staticDir: string | undefined;
  /** Markets with an overlay page (settings) plus markets an open page asked for. */
  markets(): string[];
}

/**
 * The OBS browser-source page: `/overlay?token=<overlay token>&market=DE`. The overlay token can only
 * read the card (card.current) and receive `card.state` pushes; it can change nothing.
 */
export class OverlayOutput implements OutputAdapter {
  readonly id = 'overlay';
  readonly label = 'Overlay page (OBS browser source)';
  readonly capabilities: ReadonlySet<OutputCapability> = new Set<OutputCapability>(['card', 'dealCountdown', 'images']);
  private revision = 0;

  constructor(private readonly deps: OverlayDeps) {
    deps.server.addRoute({
      prefix: '/overlay',
      scopes: ['overlay'],
      handle: (req, res, url) => {
        if (url.pathname !== '/overlay' && url.pathname !== '/overlay.html') throw new HostError('request.not_found');
        const file = deps.staticDir ? path.join(deps.staticDir, 'overlay.html') : null;
        if (!file || !fs.existsSync(file)) throw new HostError('overlay.not_built');
        res.writeHead(200, {
          ...pageSecurityHeaders,
          'Content-Type': 'text/html; charset=utf-8',
          'Cache-Control': 'no-store',
          'Content-Security-Policy': overlayCsp,
        });
        if (req.method === 'HEAD') return void res.end();
        res.end(fs.readFileSync(file));
      },
    });
  }

  status() {
    return { enabled: true, state: 'ready' as const, ...outputDetail('overlay_markets', { markets: this.deps.markets().join(', ') }) };
  }

  links(port: number, token: string): { market: string; url: string }[] {
    return this.deps.markets().map((market) => ({
      market,
      url: `http://127.0.0.1:${port}/overlay?token=${encodeURIComponent(token)}&market=${encodeURIComponent(market)}`,
    }));
  }

  async showCard(render: CardRender | null): Promise<OutputResult> {
    for (const market of this.deps.markets()) {
      const card = render ? await render.view(market) : null;
      this.deps.bus.publish('card.state', { output: this.id, market, card, revision: ++this.revision });
    }
    return done;
  }
}
