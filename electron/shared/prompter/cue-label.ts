/** The product a card or deal cue names, as the host resolved it (see prompterCue in the contract). */
export interface CueProductRef {
  sku: string;
  name: Record<string, string>;
}

/**
 * What a reader sees for a cue: a card or deal cue shows the product's name in the reader's language
 * (or its base language: `zh` for `zh-CN`), else the product's SKU; other cues show their argument.
 * Never a deal's raw id.
 */
export function cueLabel(cue: { argument: string; product?: CueProductRef | null }, language: string): string {
  const product = cue.product;
  if (!product) return cue.argument;
  const base = language.split('-')[0]!;
  const name = product.name[language] ?? product.name[base] ?? Object.entries(product.name).find(([tag]) => tag.split('-')[0] === base)?.[1];
  return name?.trim() ? name : product.sku;
}

/** Labels by cue id for one language, for the cues the host resolved a product for. */
export function cueLabels(cues: readonly { id: string; argument: string; product?: CueProductRef | null }[], language: string): Map<string, string> {
  const labels = new Map<string, string>();
  for (const cue of cues) if (cue.product) labels.set(cue.id, cueLabel(cue, language));
  return labels;
}
