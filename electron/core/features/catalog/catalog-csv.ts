import Papa from 'papaparse';
import {
  deliveryDays,
  marketPrice,
  netQuantity,
  type DeliveryDays,
  type ImportIssue,
  type MarketPrice,
  type NetQuantity,
  type Product,
} from '../../../shared/contract/catalog';
import { markets, vatPeriodsOf, type MarketInfo } from '../../../shared/markets';
import type { NewProduct } from './catalog-store';
import { importIssue, type IssueCode, type IssueParams } from './import-issues';
import { currencyDigits, formatMinorPlain, parseMajorAmount } from './money';

/**
 * The catalog as a spreadsheet: one row per product, one column per language or market field.
 *
 *   sku | name.en | name.zh-CN | pitch.en | bullets.en | images | net_quantity | price.US | currency.US | tax_inclusive.US
 *       | vat_rate.US | delivery_days.US | shipping.US | url.US | price.DE ...
 *
 * Prices are written in major units with a dot (24.99; 1980 in JPY), as people type them. A net quantity is
 * "100 g" (g, kg, ml, l, piece); delivery days are "5-8" or "3"; a VAT rate is a percent (7). Lists (bullets, images)
 * are separated by " | ". Row numbers in errors are the spreadsheet's line numbers (the header is row 1).
 */
export interface ParsedRows {
  rows: number;
  products: { row: number; product: NewProduct }[];
  errors: ImportIssue[];
}

const listSeparator = ' | ';
const textColumn = /^(name|pitch|bullets)\.([A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)$/;
const marketFields = ['price', 'currency', 'tax_inclusive', 'vat_rate', 'delivery_days', 'shipping', 'url'] as const;
type MarketField = (typeof marketFields)[number];
const marketColumn = new RegExp(`^(${marketFields.join('|')})\\.([A-Z]{2,8})$`);

type ColumnKind =
  | { kind: 'sku' }
  | { kind: 'images' }
  | { kind: 'netQuantity' }
  | { kind: 'text'; field: 'name' | 'pitch' | 'bullets'; lang: string }
  | { kind: 'market'; field: MarketField; market: string };

function columnKind(header: string): ColumnKind | null {
  if (header === 'sku') return { kind: 'sku' };
  if (header === 'images') return { kind: 'images' };
  if (header === 'net_quantity') return { kind: 'netQuantity' };
  const text = textColumn.exec(header);
  if (text) return { kind: 'text', field: text[1] as 'name', lang: text[2]! };
  const market = marketColumn.exec(header);
  if (market) return { kind: 'market', field: market[1] as 'price', market: market[2]! };
  return null;
}

export function parseCatalogCsv(content: string): ParsedRows {
  const text = content.replace(/^\uFEFF/, '');
  const parsed = Papa.parse<string[]>(text, { delimiter: ',', skipEmptyLines: true });
  const broken = parsed.errors[0];
  if (broken) {
    // The spreadsheet's line of the problem (a quoted cell may span lines, so records are not lines).
    const line = broken.index === undefined ? (broken.row ?? 0) + 1 : text.slice(0, broken.index).split(/\r\n|\r|\n/).length;
    return { rows: 0, products: [], errors: [importIssue(line, '', 'csv_invalid', { detail: broken.message })] };
  }
  const records = parsed.data;
  if (records.length === 0) return { rows: 0, products: [], errors: [importIssue(1, '', 'file_empty')] };

  const header = records[0]!.map((h) => h.trim());
  const errors: ImportIssue[] = [];
  const kinds = header.map((h) => columnKind(h));
  kinds.forEach((k, i) => {
    if (!k) errors.push(importIssue(1, header[i] || `#${i + 1}`, 'column_unknown'));
  });
  const duplicates = header.filter((h, i) => header.indexOf(h) !== i);
  for (const d of new Set(duplicates)) errors.push(importIssue(1, d, 'column_twice'));
  if (!header.includes('sku')) errors.push(importIssue(1, 'sku', 'header_no_sku'));
  if (!kinds.some((k) => k?.kind === 'text' && k.field === 'name')) errors.push(importIssue(1, 'name.en', 'header_no_name'));
  // A broken header makes nothing importable, but the rows are still checked so every problem is listed at once.
  const headerBroken = errors.length > 0;

  const products: ParsedRows['products'] = [];
  const seenSkus = new Map<string, number>();
  records.slice(1).forEach((record, index) => {
    const row = index + 2;
    const rowErrors: ImportIssue[] = [];
    const fail = (column: string, code: IssueCode, params?: IssueParams) => rowErrors.push(importIssue(row, column, code, params));
    // A row with too few or too many cells is refused, and its cells are still checked by their header column.
    if (record.length !== header.length) fail('', 'cell_count', { cells: record.length, expected: header.length });
    const product: NewProduct = { sku: '', name: {}, pitch: {}, bullets: {}, images: [], prices: [] };
    const perMarket = new Map<string, MarketFields>();
    kinds.forEach((kind, i) => {
      if (!kind) return;
      const value = (record[i] ?? '').trim();
      switch (kind.kind) {
        case 'sku':
          if (value === '') fail('sku', 'sku_empty');
          else if (value.length > 64) fail('sku', 'sku_too_long');
          product.sku = value;
          break;
        case 'images':
          product.images = splitList(value);
          break;
        case 'netQuantity': {
          if (value === '') break;
          const quantity = parseNetQuantity(value);
          if (quantity) product.netQuantity = quantity;
          else fail('net_quantity', 'net_quantity_invalid', { value });
          break;
        }
        case 'text':
          if (value === '') break;
          if (kind.field === 'bullets') product.bullets[kind.lang] = splitList(value);
          else product[kind.field][kind.lang] = value;
          break;
        case 'market': {
          const fields = perMarket.get(kind.market) ?? {};
          if (value !== '') fields[kind.field] = value;
          perMarket.set(kind.market, fields);
          break;
        }
      }
    });
    if (Object.keys(product.name).length === 0 && kinds.some((k) => k?.kind === 'text' && k.field === 'name')) fail('name', 'name_missing');
    if (product.sku) {
      const first = seenSkus.get(product.sku);
      if (first !== undefined) fail('sku', 'sku_duplicate', { sku: product.sku, firstRow: first });
      else seenSkus.set(product.sku, row);
    }
    for (const [market, fields] of perMarket) {
      const price = marketPriceOf(market, fields, fail);
      if (price) product.prices.push(price);
    }
    if (rowErrors.length > 0) errors.push(...rowErrors);
    else if (!headerBroken) products.push({ row, product });
  });
  return { rows: records.length - 1, products, errors };
}

type MarketFields = Partial<Record<MarketField, string>>;

/** "100 g", "0.35 l", "6 piece(s)" -> { amount, unit }; null when it is not one of those. */
function parseNetQuantity(text: string): NetQuantity | null {
  const match = /^(\d+(?:\.\d+)?)\s*(g|kg|ml|l|pieces?|pcs)$/i.exec(text.trim());
  if (!match) return null;
  const unit = match[2]!.toLowerCase();
  const parsed = netQuantity.safeParse({ amount: Number(match[1]), unit: unit.startsWith('p') ? 'piece' : unit });
  return parsed.success ? parsed.data : null;
}

/** "5-8", "5–8" or "5" days -> { min, max }; null when it is not whole days with the smaller first. */
function parseDeliveryDays(text: string): DeliveryDays | null {
  const match = /^(\d{1,3})(?:\s*[-–]\s*(\d{1,3}))?$/.exec(text.trim());
  if (!match) return null;
  const parsed = deliveryDays.safeParse({ min: Number(match[1]), max: Number(match[2] ?? match[1]) });
  return parsed.success ? parsed.data : null;
}

/** A market's price from its cells; every cell is checked, so one bad cell never hides another. */
function marketPriceOf(market: string, fields: MarketFields, fail: (column: string, code: IssueCode, params?: IssueParams) => void): MarketPrice | null {
  if (fields.price === undefined) {
    for (const orphan of Object.keys(fields)) fail(`${orphan}.${market}`, 'value_without_price', { market, column: `${orphan}.${market}` });
    return null;
  }
  const info: MarketInfo | undefined = markets[market as keyof typeof markets];
  const currency = (fields.currency ?? info?.currency ?? '').toUpperCase();
  let ok = true;
  if (!/^[A-Z]{3}$/.test(currency)) {
    if (fields.currency) fail(`currency.${market}`, 'currency_not_iso', { value: fields.currency });
    else fail(`currency.${market}`, 'market_unknown', { market });
    ok = false;
  } else if (currencyDigits(currency) === null) {
    fail(`currency.${market}`, 'currency_unknown', { value: currency });
    ok = false;
  }
  // Without a known currency the number of decimals is unknown: the price is still checked as a number.
  const amount = parseMajorAmount(fields.price, ok ? currency : 'USD');
  if (typeof amount !== 'number' && (ok || amount.code !== 'price_decimals')) {
    fail(`price.${market}`, amount.code, amount.params);
    ok = false;
  }
  // Without the column, a price is taken as viewers see it where the market shows prices with tax.
  let taxInclusive = info?.grossPrices ?? false;
  if (fields.tax_inclusive !== undefined) {
    const t = fields.tax_inclusive.toLowerCase();
    if (['yes', 'true', '1', 'y'].includes(t)) taxInclusive = true;
    else if (['no', 'false', '0', 'n'].includes(t)) taxInclusive = false;
    else {
      fail(`tax_inclusive.${market}`, 'tax_not_yes_no', { value: fields.tax_inclusive });
      ok = false;
    }
  }
  if (fields.url !== undefined && !/^https?:\/\/\S+$/i.test(fields.url)) {
    fail(`url.${market}`, 'url_invalid', { value: fields.url });
    ok = false;
  }
  let vatRate: number | undefined;
  if (fields.vat_rate !== undefined) {
    const rate = Number(fields.vat_rate.replace(/%$/, '').trim());
    const parsed = marketPrice.shape.vatRate.safeParse(rate);
    if (!/^\d+(\.\d{1,2})?%?$/.test(fields.vat_rate) || !parsed.success) {
      fail(`vat_rate.${market}`, 'vat_rate_invalid', { value: fields.vat_rate });
      ok = false;
    } else vatRate = rate;
  }
  let days: DeliveryDays | null = null;
  if (fields.delivery_days !== undefined) {
    days = parseDeliveryDays(fields.delivery_days);
    if (!days) {
      fail(`delivery_days.${market}`, 'delivery_days_invalid', { value: fields.delivery_days });
      ok = false;
    }
  }
  if (!taxInclusive && vatRate === undefined && info?.grossPrices && vatPeriodsOf(market).length === 0) {
    fail(`tax_inclusive.${market}`, 'net_price_without_rate', { market });
    ok = false;
  }
  if (fields.shipping !== undefined && fields.shipping.length > 80) {
    fail(`shipping.${market}`, 'shipping_too_long');
    ok = false;
  }
  if (!ok || typeof amount !== 'number') return null;
  return {
    market,
    currency,
    amountMinor: amount,
    taxInclusive,
    ...(vatRate !== undefined ? { vatRate } : {}),
    ...(fields.shipping !== undefined ? { shippingTime: fields.shipping } : {}),
    ...(days ? { deliveryDays: days } : {}),
    ...(fields.url !== undefined ? { purchaseUrl: fields.url } : {}),
  };
}

function splitList(value: string): string[] {
  return value === '' ? [] : value.split('|').map((s) => s.trim()).filter((s) => s !== '');
}

/** The catalog as CSV, with a column for every language and market any product uses. */
export function catalogToCsv(products: readonly Product[]): string {
  const langs = { name: new Set<string>(), pitch: new Set<string>(), bullets: new Set<string>() };
  const marketsUsed = new Set<string>();
  for (const p of products) {
    Object.keys(p.name).forEach((l) => langs.name.add(l));
    Object.keys(p.pitch).forEach((l) => langs.pitch.add(l));
    Object.keys(p.bullets).forEach((l) => langs.bullets.add(l));
    p.prices.forEach((m) => marketsUsed.add(m.market));
  }
  const sorted = (s: Set<string>) => [...s].sort();
  const header = [
    'sku',
    ...sorted(langs.name).map((l) => `name.${l}`),
    ...sorted(langs.pitch).map((l) => `pitch.${l}`),
    ...sorted(langs.bullets).map((l) => `bullets.${l}`),
    'images',
    ...(products.some((p) => p.netQuantity) ? ['net_quantity'] : []),
    ...sorted(marketsUsed).flatMap((m) => marketFields.map((f) => `${f}.${m}`)),
  ];
  const rows = products.map((p) =>
    header.map((column) => {
      if (column === 'sku') return p.sku;
      if (column === 'images') return p.images.join(listSeparator);
      if (column === 'net_quantity') return p.netQuantity ? `${p.netQuantity.amount} ${p.netQuantity.unit}` : '';
      const text = textColumn.exec(column);
      if (text) {
        const [, field, lang] = text as unknown as [string, 'name' | 'pitch' | 'bullets', string];
        return field === 'bullets' ? (p.bullets[lang] ?? []).join(listSeparator) : (p[field][lang] ?? '');
      }
      const [, field, market] = marketColumn.exec(column) as unknown as [string, string, string];
      const price = p.prices.find((x) => x.market === market);
      if (!price) return '';
      switch (field) {
        case 'price':
          return formatMinorPlain(price.amountMinor, price.currency);
        case 'currency':
          return price.currency;
        case 'tax_inclusive':
          return price.taxInclusive ? 'yes' : 'no';
        case 'vat_rate':
          return price.vatRate === undefined ? '' : String(price.vatRate);
        case 'delivery_days':
          return price.deliveryDays ? `${price.deliveryDays.min}-${price.deliveryDays.max}` : '';
        case 'shipping':
          return price.shippingTime ?? '';
        default:
          return price.purchaseUrl ?? '';
      }
    }),
  );
  return Papa.unparse([header, ...rows], { newline: '\n' }) + '\n';
}
