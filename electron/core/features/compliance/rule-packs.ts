import cn from '../../../../resources/rules/cn.json';
import eu from '../../../../resources/rules/eu.json';
import tiktokShop from '../../../../resources/rules/tiktok-shop.json';
import uk from '../../../../resources/rules/uk.json';
import us from '../../../../resources/rules/us.json';
import englishTexts from '../../../../locales/en/compliance.json';
import { parsePack, type PackSpec } from '../../../shared/compliance/pack-schema';

/** The packs the host ships, by file name (resources/rules/); bundled with the host, so they load offline. */
export const shippedPackFiles: Readonly<Record<string, unknown>> = {
  'cn.json': cn,
  'eu.json': eu,
  'us.json': us,
  'uk.json': uk,
  'tiktok-shop.json': tiktokShop,
};

/** The English message of every rule (the finding's `message`, for REST clients and logs). */
export const englishRuleMessages: Readonly<Record<string, string>> = englishTexts.rules;

export interface LoadedPack {
  file: string;
  pack: PackSpec;
}

/**
 * Validates every pack against the schema; a malformed one stops the host with an error naming the
 * file, the rule and the field (a pack that silently checks nothing would be worse than none).
 */
export function loadRulePacks(files: Readonly<Record<string, unknown>> = shippedPackFiles): LoadedPack[] {
  const keys = new Set(Object.keys(englishRuleMessages));
  const grounds = new Set(Object.keys(englishTexts.exemptionGrounds));
  const seen = new Map<string, string>();
  return Object.entries(files).map(([file, content]) => {
    const pack = parsePack(file, content, keys, grounds);
    for (const rule of pack.rules) {
      const other = seen.get(rule.id);
      if (other) throw new Error(`Rule pack ${file}, rule ${rule.id}, field id: also used in ${other}`);
      seen.set(rule.id, file);
    }
    return { file, pack };
  });
}
