import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import type { ImportIssue, MarketPrice, Product } from '../../../shared/contract/catalog';
import { markets, type MarketInfo } from '../../../shared/markets';
import type { NewProduct } from './catalog-repository';
import { currencyDigits, formatMinorPlain, parseMajorAmount } from './money';

/**
 * The catalog as a spreadsheet: one row per product, one column per language or market field.
 *
 *   sku | name.en | name.zh-CN | pitch.en | bullets.en | images | price.US | currency.US | tax_inclusive.US | shipping.US | url.US | price.DE ...
 *
 * Prices are written in major units with a dot (24.99), as people type them. Lists (bullets, images)
 * are separated by " | ". Row numbers in errors are the spreadsheet's line numbers (the header is row 1).
 */
export interface ParsedRows {
  rows: number;
  products: { row: number; product: NewProduct }[];
  errors: ImportIssue[];
}

const listSeparator = ' | ';
const textColumn = /^(name|pitch|bullets)\.([A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)$/;
const marketColumn = /^(price|currency|tax_inclusive|shipping|url)\.([A-Z]{2,8})$/;

type ColumnKind =
  | { kind: 'sku' }
  | { kind: 'images' }
  | { kind: 'text'; field: 'name' | 'pitch' | 'bullets'; lang: string }
  | { kind: 'market'; field: 'price' | 'currency' | 'tax_inclusive' | 'shipping' | 'url'; market: string };

function columnKind(header: string): ColumnKind | null {
  if (header === 'sku') return { kind: 'sku' };
  if (header === 'images') return { kind: 'images' };
  const text = textColumn.exec(header);
  if (text) return { kind: 'text', field: text[1] as 'name', lang: text[2]! };
  const market = marketColumn.exec(header);
  if (market) return { kind: 'market', field: market[1] as 'price', market: market[2]! };
  return null;
}

export function parseCatalogCsv(content: string): ParsedRows {
  let records: string[][];
  try {
    records = parse(content, { bom: true, relax_column_count: true, skip_empty_lines: true, trim: false }) as string[][];
  } catch (error) {
    const e = error as { lines?: number; message: string };
    return { rows: 0, products: [], errors: [{ row: e.lines ?? 1, column: '', message: `The file is not valid CSV: ${e.message}` }] };
  }
  if (records.length === 0) return { rows: 0, products: [], errors: [{ row: 1, column: '', message: 'The file is empty: it needs a header row starting with "sku".' }] };

  const header = records[0]!.map((h) => h.trim());
  const errors: ImportIssue[] = [];
  const kinds = header.map((h) => columnKind(h));
  kinds.forEach((k, i) => {
    if (!k) {
      errors.push({
        row: 1,
        column: header[i] || `#${i + 1}`,
        message: 'Unknown column. Use sku, images, name.<lang>, pitch.<lang>, bullets.<lang>, price|currency|tax_inclusive|shipping|url.<MARKET>.',
      });
    }
  });
  const duplicates = header.filter((h, i) => header.indexOf(h) !== i);
  for (const d of new Set(duplicates)) errors.push({ row: 1, column: d, message: 'This column appears twice.' });
  if (!header.includes('sku')) errors.push({ row: 1, column: 'sku', message: 'The header has no "sku" column.' });
  if (!kinds.some((k) => k?.kind === 'text' && k.field === 'name')) {
    errors.push({ row: 1, column: 'name.en', message: 'The header has no name column (name.<lang>, such as name.en).' });
  }
  // A broken header makes every row meaningless: nothing is importable.
  if (errors.length > 0) return { rows: records.length - 1, products: [], errors };

  const products: ParsedRows['products'] = [];
  const seenSkus = new Map<string, number>();
  records.slice(1).forEach((record, index) => {
    const row = index + 2;
    const rowErrors: ImportIssue[] = [];
    const fail = (column: string, message: string) => rowErrors.push({ row, column, message });
    if (record.length !== header.length) {
      fail('', `This row has ${record.length} cells; the header has ${header.length}. Check for a missing or extra comma.`);
      errors.push(...rowErrors);
      return;
    }
    const product: NewProduct = { sku: '', name: {}, pitch: {}, bullets: {}, images: [], prices: [] };
    const perMarket = new Map<string, Partial<Record<'price' | 'currency' | 'tax_inclusive' | 'shipping' | 'url', string>>>();
    record.forEach((raw, i) => {
      const kind = kinds[i]!;
      const value = raw.trim();
      switch (kind.kind) {
        case 'sku':
          if (value === '') fail('sku', 'The SKU is empty.');
          else if (value.length > 64) fail('sku', 'The SKU is longer than 64 characters.');
          product.sku = value;
          break;
        case 'images':
          product.images = splitList(value);
          break;
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
    if (Object.keys(product.name).length === 0) fail('name', 'The product has no name in any language.');
    if (product.sku) {
      const first = seenSkus.get(product.sku);
      if (first !== undefined) fail('sku', `SKU ${product.sku} is already on row ${first}.`);
      else seenSkus.set(product.sku, row);
    }
    for (const [market, fields] of perMarket) {
      const price = marketPriceOf(market, fields, (column, message) => fail(column, message));
      if (price) product.prices.push(price);
    }
    if (rowErrors.length > 0) errors.push(...rowErrors);
    else products.push({ row, product });
  });
  return { rows: records.length - 1, products, errors };
}

function marketPriceOf(
  market: string,
  fields: Partial<Record<'price' | 'currency' | 'tax_inclusive' | 'shipping' | 'url', string>>,
  fail: (column: string, message: string) => void,
): MarketPrice | null {
  if (fields.price === undefined) {
    const orphan = Object.keys(fields)[0];
    if (orphan) fail(`${orphan}.${market}`, `price.${market} is empty, so ${orphan}.${market} has no price to go with. Fill in the price or clear this cell.`);
    return null;
  }
  const info: MarketInfo | undefined = markets[market as keyof typeof markets];
  const currency = (fields.currency ?? info?.currency ?? '').toUpperCase();
  let ok = true;
  if (!/^[A-Z]{3}$/.test(currency)) {
    fail(`currency.${market}`, fields.currency ? `"${fields.currency}" is not an ISO 4217 code such as EUR.` : `Market ${market} is unknown: give its currency in currency.${market}.`);
    ok = false;
  } else if (currencyDigits(currency) === null) {
    fail(`currency.${market}`, `"${currency}" is not a currency this system knows.`);
    ok = false;
  }
  const amount = ok ? parseMajorAmount(fields.price, currency) : null;
  if (ok && typeof amount === 'string') {
    fail(`price.${market}`, amount);
    ok = false;
  }
  let taxInclusive = info?.eu ?? false;
  if (fields.tax_inclusive !== undefined) {
    const t = fields.tax_inclusive.toLowerCase();
    if (['yes', 'true', '1', 'y'].includes(t)) taxInclusive = true;
    else if (['no', 'false', '0', 'n'].includes(t)) taxInclusive = false;
    else {
      fail(`tax_inclusive.${market}`, `"${fields.tax_inclusive}" is not yes or no.`);
      ok = false;
    }
  }
  if (fields.url !== undefined && !/^https?:\/\/\S+$/i.test(fields.url)) {
    fail(`url.${market}`, `"${fields.url}" is not a web address starting with https://.`);
    ok = false;
  }
  if (fields.shipping !== undefined && fields.shipping.length > 80) {
    fail(`shipping.${market}`, 'The shipping time is longer than 80 characters.');
    ok = false;
  }
  if (!ok || typeof amount !== 'number') return null;
  return {
    market,
    currency,
    amountMinor: amount,
    taxInclusive,
    ...(fields.shipping !== undefined ? { shippingTime: fields.shipping } : {}),
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
    ...sorted(marketsUsed).flatMap((m) => [`price.${m}`, `currency.${m}`, `tax_inclusive.${m}`, `shipping.${m}`, `url.${m}`]),
  ];
  const rows = products.map((p) =>
    header.map((column) => {
      if (column === 'sku') return p.sku;
      if (column === 'images') return p.images.join(listSeparator);
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
        case 'shipping':
          return price.shippingTime ?? '';
        default:
          return price.purchaseUrl ?? '';
      }
    }),
  );
  return stringify([header, ...rows]);
}
