import fs from 'node:fs';
import path from 'node:path';
import QRCode from 'qrcode';
import type { CardView } from '../../../../shared/contract/cards';
import type { OutputCapability } from '../../../../shared/contract/outputs';
import { fillTemplate } from '../../../../shared/template';
import type { ObsGateway } from '../../gateways';
import { renderCardBackground } from './card-png';
import { done, outputDetail, outputsSettingsPlace, type CardRender, type OutputAdapter, type OutputResult } from './output-adapter';


export interface ObsNativeDeps {
  obs: ObsGateway | null;
  enabled(): boolean;
  sceneName(): string;
  /** Folder for the PNGs OBS reads (background, QR code). */
  assetDir: string;
  now(): number;
  reportError(code: string, message: string): void;
}

interface Layout {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The card's source names, prefixed with the scene name (OBS input names are global). */
export function obsSourceNames(scene: string) {
  return { background: `${scene} · Background`, text: `${scene} · Text`, qr: `${scene} · QR`, image: `${scene} · Image` };
}

function textXOffset(cardX: number, pad: number, imageWidth: number): number {
  return cardX + pad + (imageWidth ? imageWidth + pad : 0);
}

/**
 * The text the OBS text source shows, in the market's language: name, price (or deal price and time left) with
 * "incl. VAT" and the unit price where the market requires them, delivery time, disclosure.
 */
export function obsCardText(card: CardView, now: number): string {
  const texts = card.texts;
  const lines = [card.name];
  const deal = card.deal;
  if (deal && (deal.state === 'countdown' || deal.state === 'live')) {
    const until = deal.state === 'countdown' ? deal.countdownEndsAt : deal.endsAt;
    const left = until ? Math.max(0, Math.ceil((until - now) / 1000)) : 0;
    const clock = `${Math.floor(left / 60)}:${String(left % 60).padStart(2, '0')}`;
    // The "was" price is the reference price (the 30-day low in the EU), shown only when it is a real reduction.
    lines.push(
      deal.referencePriceText === null ? deal.priceText : `${deal.priceText}  (${deal.referencePriceText})${deal.percentOff > 0 ? `  -${deal.percentOff}%` : ''}`,
    );
    lines.push(
      deal.state === 'countdown'
        ? `${texts.dealStartsIn} ${clock}`
        : `${texts.dealEndsIn} ${clock} · ${fillTemplate(texts.stockLeft, { stock: deal.stock, total: deal.stockInitial })}`,
    );
    if (deal.discountCode) lines.push(fillTemplate(texts.discountCode, { code: deal.discountCode }));
  } else if (deal && deal.state === 'sold-out') {
    lines.push(`${card.priceText} · ${texts.soldOut.toLocaleUpperCase(texts.language)}`);
  } else {
    lines.push(card.priceText);
  }
  const live = deal && (deal.state === 'countdown' || deal.state === 'live');
  const notes = [card.taxText, live ? deal.unitPriceText : card.unitPriceText].filter((n): n is string => n !== null);
  if (notes.length > 0) lines.splice(2, 0, notes.join(' · '));
  if (card.deliveryText) lines.push(card.deliveryText);
  // The sponsorship disclosure, last, when the host chose to show it on the card.
  if (card.disclosure) lines.push(card.disclosure);
  return lines.join('\n');
}

/**
 * The card as an OBS scene, for OBS builds without the browser source: a background PNG and a QR code
 * PNG drawn by the host (image_source), the text (text_ft2_source_v2) and the product image when it is a
 * local file. While a deal counts down, the text is refreshed once a second.
 */
export class ObsNativeOutput implements OutputAdapter {
  readonly id = 'obs-native';
  readonly label = 'OBS scene (no browser source needed)';
  readonly capabilities: ReadonlySet<OutputCapability> = new Set<OutputCapability>(['card', 'dealCountdown', 'images']);
  private latest: CardRender | null = null;
  private latestView: CardView | null = null;
  private revision = 0;
  private ticker: NodeJS.Timeout | null = null;
  private lastError: string | null = null;
  private unsubscribe: (() => void) | void = undefined;
  private chain: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: ObsNativeDeps) {}

  start(): void {
    fs.mkdirSync(this.deps.assetDir, { recursive: true });
    // Drawings are numbered from 1 again in each run: clear the last run's files so OBS never reuses one.
    for (const file of fs.readdirSync(this.deps.assetDir)) if (file.endsWith('.png')) fs.rmSync(path.join(this.deps.assetDir, file), { force: true });
    this.unsubscribe = this.deps.obs?.onConnected(() => {
      // A fresh OBS (or a reconnect) gets the card it should show.
      if (this.deps.enabled()) void this.showCard(this.latest);
    });
  }

  stop(): void {
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = null;
    if (typeof this.unsubscribe === 'function') this.unsubscribe();
  }

  status() {
    if (!this.deps.enabled()) return { enabled: false, state: 'off' as const, ...outputDetail('obs_off', { place: outputsSettingsPlace }) };
    if (!this.deps.obs) return { enabled: true, state: 'error' as const, ...outputDetail('obs_unavailable') };
    if (!this.deps.obs.isConnected()) return { enabled: true, state: 'waiting' as const, ...outputDetail('obs_not_connected') };
    if (this.lastError) return { enabled: true, state: 'error' as const, ...outputDetail('obs_error', { message: this.lastError }) };
    return { enabled: true, state: 'ready' as const, ...outputDetail('obs_ready', { scene: this.deps.sceneName() }) };
  }

  showCard(render: CardRender | null): Promise<OutputResult> {
    this.latest = render;
    const run = this.chain.then(() => this.sync());
    this.chain = run.catch(() => undefined);
    return run;
  }

  private async sync(): Promise<OutputResult> {
    if (!this.deps.enabled()) return { ok: false, reason: 'disabled', message: 'obs-native is turned off in settings.' };
    const obs = this.deps.obs;
    if (!obs) return { ok: false, reason: 'unavailable', message: 'The OBS feature is not available.' };
    if (!obs.isConnected()) return { ok: false, reason: 'not_connected', message: 'OBS is not connected; the card is shown when it connects.' };
    try {
      // Drawn for the market it was pinned for (the live session's, unless the host chose another).
      const view = this.latest ? await this.latest.view(this.latest.pinnedMarket) : null;
      await this.draw(obs, view);
      this.latestView = view;
      this.lastError = null;
      this.armTicker();
      return done;
    } catch (error) {
      this.lastError = (error as Error).message;
      this.deps.reportError('obs_card', `The OBS card scene could not be updated: ${this.lastError}`);
      return { ok: false, reason: 'rejected', message: this.lastError };
    }
  }

  private armTicker(): void {
    const deal = this.latestView?.deal;
    const counting = deal && (deal.state === 'countdown' || deal.state === 'live');
    if (counting && !this.ticker) {
      this.ticker = setInterval(() => {
        const view = this.latestView;
        const obs = this.deps.obs;
        if (!view || !obs?.isConnected()) return;
        const names = obsSourceNames(this.deps.sceneName());
        void obs.request('SetInputSettings', { inputName: names.text, inputSettings: { text: obsCardText(view, this.deps.now()) }, overlay: true }).catch(() => {});
      }, 1000);
      this.ticker.unref?.();
    } else if (!counting && this.ticker) {
      clearInterval(this.ticker);
      this.ticker = null;
    }
  }

  private async draw(obs: ObsGateway, view: CardView | null): Promise<void> {
    const scene = this.deps.sceneName();
    const names = obsSourceNames(scene);
    const video = await obs.request<{ baseWidth: number; baseHeight: number }>('GetVideoSettings');
    const card: Layout = {
      width: Math.round(video.baseWidth * 0.5),
      height: Math.round(video.baseHeight * 0.3),
      x: Math.round(video.baseWidth * 0.03),
      y: Math.round(video.baseHeight * 0.67),
    };
    const { scenes } = await obs.request<{ scenes: { sceneName: string }[] }>('GetSceneList');
    if (!scenes.some((s) => s.sceneName === scene)) await obs.request('CreateScene', { sceneName: scene });

    const rev = ++this.revision;
    const background = this.writeAsset(`background-${rev}.png`, renderCardBackground(card.width, card.height, { deal: !!view?.deal }));
    const qrSize = Math.round(card.height * 0.8);
    const qrFile = view?.purchaseUrl
      ? this.writeAsset(`qr-${rev}.png`, await QRCode.toBuffer(view.purchaseUrl, { type: 'png', width: qrSize, margin: 1 }))
      : null;
    const imageFile = view?.image && !/^[a-z]+:/i.test(view.image) && fs.existsSync(view.image) ? view.image : null;
    const pad = Math.round(card.height * 0.1);
    const fontSize = Math.max(12, Math.round(card.height * 0.1));
    const textWidth = card.x + card.width - qrSize - 2 * pad - textXOffset(card.x, pad, imageFile ? qrSize : 0);
    const textX = textXOffset(card.x, pad, imageFile ? qrSize : 0);

    const items: { name: string; kind: string; settings: Record<string, unknown>; at: { x: number; y: number }; show: boolean }[] = [
      { name: names.background, kind: 'image_source', settings: { file: background, unload: false }, at: { x: card.x, y: card.y }, show: !!view },
      {
        name: names.text,
        kind: 'text_ft2_source_v2',
        settings: {
          text: view ? obsCardText(view, this.deps.now()) : '',
          font: { face: 'DejaVu Sans', size: fontSize, style: 'Bold', flags: 1 },
          color1: 0xffffffff,
          color2: 0xffffffff,
          word_wrap: true,
          custom_width: Math.max(100, textWidth),
        },
        at: { x: textX, y: card.y + pad },
        show: !!view,
      },
      {
        name: names.qr,
        kind: 'image_source',
        settings: { file: qrFile ?? '', unload: false },
        at: { x: card.x + card.width - qrSize - pad, y: card.y + Math.round((card.height - qrSize) / 2) },
        show: !!qrFile,
      },
      {
        name: names.image,
        kind: 'image_source',
        settings: { file: imageFile ?? '', unload: false },
        at: { x: card.x + pad, y: card.y + Math.round((card.height - qrSize) / 2) },
        show: !!imageFile,
      },
    ];
    const { inputs } = await obs.request<{ inputs: { inputName: string }[] }>('GetInputList');
    const existing = new Set(inputs.map((i) => i.inputName));
    for (const item of items) {
      let sceneItemId: number;
      if (!existing.has(item.name)) {
        ({ sceneItemId } = await obs.request<{ sceneItemId: number }>('CreateInput', {
          sceneName: scene,
          inputName: item.name,
          inputKind: item.kind,
          inputSettings: item.settings,
          sceneItemEnabled: item.show,
        }));
      } else {
        await obs.request('SetInputSettings', { inputName: item.name, inputSettings: item.settings, overlay: true });
        sceneItemId = await this.sceneItemId(obs, scene, item.name);
      }
      await obs.request('SetSceneItemTransform', {
        sceneName: scene,
        sceneItemId,
        sceneItemTransform: { positionX: item.at.x, positionY: item.at.y },
      });
      await obs.request('SetSceneItemEnabled', { sceneName: scene, sceneItemId, sceneItemEnabled: item.show });
    }
    this.pruneAssets(rev);
  }

  private async sceneItemId(obs: ObsGateway, scene: string, source: string): Promise<number> {
    try {
      return (await obs.request<{ sceneItemId: number }>('GetSceneItemId', { sceneName: scene, sourceName: source })).sceneItemId;
    } catch {
      // The input exists but was removed from the card scene by hand: put it back.
      return (await obs.request<{ sceneItemId: number }>('CreateSceneItem', { sceneName: scene, sourceName: source })).sceneItemId;
    }
  }

  private writeAsset(name: string, data: Buffer): string {
    const file = path.join(this.deps.assetDir, name);
    fs.writeFileSync(file, data);
    return file;
  }

  /** New file names per drawing make OBS reload the image; older drawings are removed. */
  private pruneAssets(keepRevision: number): void {
    for (const file of fs.readdirSync(this.deps.assetDir)) {
      const match = /-(\d+)\.png$/.exec(file);
      if (match && Number(match[1]) < keepRevision - 1) fs.rmSync(path.join(this.deps.assetDir, file), { force: true });
    }
  }
}
