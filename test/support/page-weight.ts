import type { Browser, Page } from '@playwright/test';
import type { ServedHost } from './served-host';

/** What a page downloads as Chromium loads it: every response body counted once, JavaScript apart. */
export interface PageWeight {
  scriptBytes: number;
  totalBytes: number;
  scripts: { path: string; bytes: number }[];
  /** first-contentful-paint of this load, ms from navigation start (null if the page painted nothing). */
  fcpMs: number | null;
}

/**
 * The byte budgets of issue 11 (JavaScript a page downloads, as served: not compressed). The prompter
 * lane's went from 400 to 420 KB when it gained the co-host's questions panel (issue 13): 406 KB measured.
 * Issue 14 (disclosure reminders, pre-flight, script versions, six UI languages, fleet status) took the
 * lane to 427.6 KB and the control room's first page to 618.4 KB (after uPlot moved out of it), 440 and
 * 640 KB now. Most of the growth is the English texts every page bundles as the fallback (87 KB, +12 KB):
 * loading the default language's namespaces per page is the next saving.
 */
export const pageBudgets = {
  overlay: 100 * 1024,
  prompterLane: 440 * 1024,
  controlRoomFirstPage: 640 * 1024,
} as const;
export type PageName = keyof typeof pageBudgets;

export interface PageUnderTest {
  name: PageName;
  url: string;
  /** Resolves when the page shows what a user opened it for. */
  ready(page: Page): Promise<void>;
}

/** The three pages of the built host: the OBS overlay (needs its overlay link), a prompter lane, the control room. */
export function pagesOf(served: ServedHost, overlayUrl: string): PageUnderTest[] {
  return [
    {
      name: 'overlay',
      url: overlayUrl,
      ready: async (page) => {
        await page.locator('[data-testid="overlay"][data-ready="true"]').waitFor();
        await page.getByTestId('overlay-card').waitFor();
      },
    },
    {
      name: 'prompterLane',
      url: `${served.baseUrl}/prompter?token=${served.token}&lane=lead&lang=en`,
      ready: (page) => page.getByTestId('prompter-status').waitFor(),
    },
    {
      name: 'controlRoomFirstPage',
      url: served.url,
      ready: (page) => page.getByTestId('live-page').waitFor(),
    },
  ];
}

/** first-contentful-paint of the page's current document, waited for (buffered, so a paint already done counts). */
export function firstContentfulPaint(page: Page): Promise<number | null> {
  return page.evaluate(
    () =>
      new Promise<number | null>((resolve) => {
        const timer = setTimeout(() => resolve(null), 10_000);
        new PerformanceObserver((list) => {
          const entry = list.getEntriesByName('first-contentful-paint')[0];
          if (!entry) return;
          clearTimeout(timer);
          resolve(entry.startTime);
        }).observe({ type: 'paint', buffered: true });
      }),
  );
}

/**
 * Loads `url` in a fresh browser context (empty cache), waits until the page is ready and the network is
 * idle (lazily loaded chunks of the page included), and adds up the bodies it received.
 */
export async function weighPage(browser: Browser, url: string, ready: (page: Page) => Promise<void>): Promise<PageWeight> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const bodies: Promise<{ path: string; bytes: number; script: boolean }>[] = [];
    page.on('response', (response) => {
      const request = response.request();
      if (request.resourceType() === 'websocket') return;
      bodies.push(
        response.body().then(
          (body) => ({ path: new URL(response.url()).pathname, bytes: body.length, script: request.resourceType() === 'script' }),
          () => ({ path: new URL(response.url()).pathname, bytes: 0, script: false }),
        ),
      );
    });
    await page.goto(url);
    await ready(page);
    await page.waitForLoadState('networkidle');
    const fcpMs = await firstContentfulPaint(page);
    const received = await Promise.all(bodies);
    const scripts = received.filter((r) => r.script).map(({ path, bytes }) => ({ path, bytes }));
    return {
      scriptBytes: scripts.reduce((sum, s) => sum + s.bytes, 0),
      totalBytes: received.reduce((sum, r) => sum + r.bytes, 0),
      scripts,
      fcpMs,
    };
  } finally {
    await context.close();
  }
}

export function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}
