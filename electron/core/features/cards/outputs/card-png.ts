import { PNG } from 'pngjs';

type Rgba = readonly [number, number, number, number];

/**
 * The card's background as a PNG, drawn by the host (no browser needed): a dark rounded panel with a
 * tally stripe on top, red while a deal runs and blue otherwise. OBS shows it with an image_source.
 */
export function renderCardBackground(width: number, height: number, options: { deal: boolean }): Buffer {
  const png = new PNG({ width, height });
  const radius = Math.round(Math.min(width, height) * 0.08);
  const panel: Rgba = [17, 20, 28, 235];
  const border: Rgba = [42, 47, 58, 255];
  const stripe: Rgba = options.deal ? [229, 50, 45, 255] : [79, 157, 255, 255];
  const stripeHeight = Math.max(6, Math.round(height * 0.05));
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const inside = insideRoundedRect(x, y, width, height, radius);
      const nearEdge = inside && !insideRoundedRect(x, y, width, height, radius, 2);
      const color: Rgba = !inside ? [0, 0, 0, 0] : y < stripeHeight ? stripe : nearEdge ? border : panel;
      const i = (y * width + x) * 4;
      png.data[i] = color[0];
      png.data[i + 1] = color[1];
      png.data[i + 2] = color[2];
      png.data[i + 3] = color[3];
    }
  }
  return PNG.sync.write(png);
}

function insideRoundedRect(x: number, y: number, w: number, h: number, r: number, inset = 0): boolean {
  const left = inset, top = inset, right = w - 1 - inset, bottom = h - 1 - inset;
  if (x < left || x > right || y < top || y > bottom) return false;
  const rr = Math.max(0, r - inset);
  const cx = x < left + rr ? left + rr : x > right - rr ? right - rr : x;
  const cy = y < top + rr ? top + rr : y > bottom - rr ? bottom - rr : y;
  return (x - cx) ** 2 + (y - cy) ** 2 <= rr * rr;
}
