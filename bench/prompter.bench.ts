/**
 * `npm run bench:prompter`: a 20,000-word script scrolled for 10 s at 180 wpm in Chromium (Playwright),
 * with a follower lane (Spanish) open in the same browser. Every figure sits beside its baseline from
 * the same run: the display's frame interval (requestAnimationFrame on a blank page).
 *
 * Goals: frame interval p99 within 1.5x the display interval; no long task over 50 ms; follower lag
 * behind the host under one frame in the same browser and under 50 ms over the WebSocket.
 * Needs a build (`npx electron-vite build`). Writes bench/results/prompter.json.
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { startServedHost } from '../test/support/served-host';
import { tempDir } from '../test/support/temp';

const words = 20_000;
const seconds = 10;
const wpm = 180;

function script(language: 'en' | 'es'): string {
  const sentence = language === 'en' ? 'We pour the tea slowly and let the leaves open in the warm water today' : 'Servimos el té despacio y dejamos que las hojas se abran en el agua tibia hoy';
  const parts: string[] = [language === 'en' ? '# Long show' : '# Programa largo'];
  let count = 0;
  let cue = 0;
  while (count < words) {
    const paragraph: string[] = [];
    for (let i = 0; i < 10; i++) paragraph.push(sentence + '.');
    count += 14 * 10;
    cue++;
    parts.push(`[[mark:${language === 'en' ? 'Part' : 'Parte'} ${cue}]] ${paragraph.join(' ')}`);
  }
  return parts.join('\n\n');
}

function quantile(values: number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

async function frameIntervals(page: Page, ms: number): Promise<number[]> {
  return page.evaluate(
    (duration) =>
      new Promise<number[]>((resolve) => {
        const times: number[] = [];
        const start = performance.now();
        const step = (t: number) => {
          times.push(t);
          if (t - start < duration) requestAnimationFrame(step);
          else resolve(times.slice(1).map((v, i) => v - times[i]!));
        };
        requestAnimationFrame(step);
      }),
    ms,
  );
}

async function main() {
  const temp = tempDir('broadcart-bench-');
  const host = await startServedHost(temp.dir);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const api = async <T>(method: string, body: unknown = {}): Promise<T> => {
      const res = await fetch(`${host.baseUrl}/api/v1/${method}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${host.token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
      const json = await res.json();
      if (!res.ok) throw new Error(`${method}: ${JSON.stringify(json)}`);
      return json as T;
    };
    const { script: saved } = await api<{ script: { id: string } }>('prompter.saveScript', {
      title: 'Long show',
      leadLanguage: 'en',
      variants: { en: script('en'), es: script('es') },
    });
    await api('prompter.load', { scriptId: saved.id });
    await api('prompter.setSpeed', { value: wpm });
    const link = await api<{ url: string }>('prompter.coHostLink', { language: 'es' });

    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    // tsx compiles the functions passed to page.evaluate with a helper that names them; give pages that helper.
    await context.addInitScript('window.__name = (fn) => fn;');
    // Baseline: the display's frame interval, on a blank page of the same browser.
    const blank = await context.newPage();
    await blank.goto('about:blank');
    const baselineIntervals = await frameIntervals(blank, 3000);
    const displayInterval = quantile(baselineIntervals, 0.5);
    await blank.close();

    const lead = await context.newPage();
    await lead.goto(`${host.baseUrl}/prompter?token=${host.token}&lane=lead&lang=en`);
    // The follower in its own window of the same browser (a second tab would be throttled as hidden).
    const followerContext = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    await followerContext.addInitScript('window.__name = (fn) => fn;');
    const follower = await followerContext.newPage();
    await follower.goto(link.url);
    for (const page of [lead, follower]) {
      await page.waitForFunction(() => (window.__prompterLane?.layout?.anchors.length ?? 0) > 100, undefined, { timeout: 30_000 });
      await page.evaluate(() => {
        const w = window as unknown as { __longTasks: number[] };
        w.__longTasks = [];
        new PerformanceObserver((list) => list.getEntries().forEach((e) => w.__longTasks.push(e.duration))).observe({ type: 'longtask', buffered: false });
        window.__prompterLane!.frames.length = 0;
        window.__prompterLane!.recording = true;
      });
    }
    const played = await api<{ at: number; rate: number }>('prompter.play', { countdown: false });
    const [leadIntervals, followerIntervals] = await Promise.all([frameIntervals(lead, seconds * 1000), frameIntervals(follower, seconds * 1000)]);
    await api('prompter.pause');

    const collect = (page: Page) =>
      page.evaluate(() => ({
        frames: window.__prompterLane!.frames,
        events: window.__prompterLane!.events(),
        longTasks: (window as unknown as { __longTasks: number[] }).__longTasks,
      }));
    const leadData = await collect(lead);
    const followerData = await collect(follower);

    // Lag in the same browser: the follower's shown offset against the lead page's at the same instant.
    const leadFrames = leadData.frames.filter(([t]) => t >= played.at);
    const interpolate = (t: number) => {
      let i = leadFrames.findIndex(([time]) => time >= t);
      if (i <= 0) return null;
      const [t0, o0] = leadFrames[i - 1]!;
      const [t1, o1] = leadFrames[i]!;
      i = 0;
      return o0 + ((o1 - o0) * (t - t0)) / (t1 - t0 || 1);
    };
    const sameBrowserLag: number[] = [];
    const overSocketLag: number[] = [];
    for (const [t, offset] of followerData.frames) {
      if (t < played.at + 200) continue;
      const leadOffset = interpolate(t);
      if (leadOffset !== null) sameBrowserLag.push((Math.abs(leadOffset - offset) / played.rate) * 1000);
      // Over the WebSocket: the follower against the host's own clock (its position for that instant).
      const hostOffset = (played.rate * (t - played.at)) / 1000;
      overSocketLag.push((Math.abs(hostOffset - offset) / played.rate) * 1000);
    }
    const transit = followerData.events.filter(([at]) => at >= played.at).map(([at, received]) => received - at);
    const longTasks = [...leadData.longTasks, ...followerData.longTasks];

    const rows = [
      ['display frame interval (baseline, blank page) p50', displayInterval, 'ms', '-'],
      ['display frame interval (baseline) p99', quantile(baselineIntervals, 0.99), 'ms', '-'],
      ['lead lane frame interval p50', quantile(leadIntervals, 0.5), 'ms', '-'],
      ['lead lane frame interval p99', quantile(leadIntervals, 0.99), 'ms', `<= ${(1.5 * displayInterval).toFixed(1)} (1.5x display)`],
      ['lead lane p99 / display interval', quantile(leadIntervals, 0.99) / displayInterval, 'x', '<= 1.5'],
      ['follower lane frame interval p50', quantile(followerIntervals, 0.5), 'ms', '-'],
      ['follower lane frame interval p99', quantile(followerIntervals, 0.99), 'ms', `<= ${(1.5 * displayInterval).toFixed(1)}`],
      ['long tasks over 50 ms', longTasks.filter((d) => d > 50).length, 'count', '0'],
      ['longest task', longTasks.length ? Math.max(...longTasks) : 0, 'ms', '<= 50'],
      ['follower lag vs lead page, same browser p50', quantile(sameBrowserLag, 0.5), 'ms', '-'],
      ['follower lag vs lead page, same browser p99', quantile(sameBrowserLag, 0.99), 'ms', `< ${displayInterval.toFixed(1)} (1 frame)`],
      ['follower lag vs host clock, over WebSocket p99', quantile(overSocketLag, 0.99), 'ms', '< 50'],
      ['position event transit host->follower p50', quantile(transit, 0.5), 'ms', '-'],
      ['position event transit host->follower p99', quantile(transit, 0.99), 'ms', '-'],
      ['position events received by the follower', transit.length, 'count', '-'],
    ] as const;
    console.log(`Prompter benchmark: ${words} words, ${seconds} s at ${wpm} wpm, one follower lane (es)\n`);
    console.log(['figure'.padEnd(52), 'value'.padStart(10), 'unit'.padEnd(6), 'goal'].join('  '));
    for (const [name, value, unit, goal] of rows) console.log([name.padEnd(52), value.toFixed(2).padStart(10), unit.padEnd(6), goal].join('  '));
    const out = path.resolve(import.meta.dirname, 'results/prompter.json');
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(
      out,
      JSON.stringify({ at: new Date().toISOString(), words, seconds, wpm, figures: Object.fromEntries(rows.map(([n, v, u, g]) => [n, { value: v, unit: u, goal: g }])) }, null, 2),
    );
    console.log(`\nwritten to ${path.relative(process.cwd(), out)}`);
  } finally {
    await browser.close();
    await host.stop();
    temp.cleanup();
  }
}

void main().catch((error) => {
  console.error(error);
  process.exit(1);
});
