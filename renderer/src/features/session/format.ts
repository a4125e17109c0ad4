import type { ProductLabel } from '../../../../electron/shared/contract/session';
import { pickLocalized } from '../../../../electron/shared/languages';
import { useEffect, useState } from 'react';

/** 1:02:03 or 2:03. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mm = h > 0 ? String(m).padStart(2, '0') : String(m);
  return `${h > 0 ? `${h}:` : ''}${mm}:${String(s).padStart(2, '0')}`;
}

export function formatDateTime(ms: number | null, locale: string): string {
  if (ms === null) return '—';
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(ms);
}

export function formatClock(ms: number, locale: string): string {
  return new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false }).format(ms);
}

/**
 * A product as the review names it: "SKU · localized name"; the SKU alone, or a short id, when that is
 * all this PC knows (a product deleted since, or a session imported from another studio).
 */
export function productText(label: ProductLabel | undefined, productId: string, lang: string): string {
  const name = label && Object.keys(label.name).length > 0 ? pickLocalized(label.name, lang).text : '';
  if (label?.sku) return name ? `${label.sku} · ${name}` : label.sku;
  return name || `${productId.slice(0, 8)}…`;
}

/** Milliseconds since `from`, refreshed every second (null: 0). */
export function useElapsed(from: number | null): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (from === null) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [from]);
  return from === null ? 0 : now - from;
}
