import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ComplianceFinding } from '../../../../electron/shared/contract/compliance';
import { useStudio } from '../../store';

interface Field {
  field: 'name' | 'pitch' | 'bullets';
  language: string;
  text: string;
}

interface Shown extends ComplianceFinding {
  market: string;
  language: string;
  field: Field['field'];
}

/**
 * The card's texts (name, pitch, bullets per language) checked against the rules of each market the
 * product has a price in (compliance.check, kind card: with the product's price history and deals).
 */
export function CardCompliance({ productId, markets, fields }: { productId: string | null; markets: readonly string[]; fields: readonly Field[] }) {
  const { t } = useTranslation('compliance');
  const { t: tc } = useTranslation('catalog');
  const check = useStudio((s) => s.checkCompliance);
  const [found, setFound] = useState<Shown[] | null>(null);
  const key = JSON.stringify([productId, markets, fields]);

  useEffect(() => {
    let current = true;
    const timer = setTimeout(() => {
      const byLanguage = new Map<string, Field[]>();
      for (const f of fields) if (f.text.trim() !== '') byLanguage.set(f.language, [...(byLanguage.get(f.language) ?? []), f]);
      const calls = [...new Set(markets)].flatMap((market) =>
        [...byLanguage].map(async ([language, list]) => {
          // One text per language, a field per line, so each finding's line names its field.
          const text = list.map((f) => f.text.replace(/\n/g, ' ')).join('\n');
          const { findings } = await check({ market, language, text, kind: 'card', ...(productId ? { productId } : {}) });
          return findings.map((f) => ({ ...f, market, language, field: list[f.line - 1]?.field ?? 'name' }));
        }),
      );
      Promise.all(calls)
        .then((all) => current && setFound(all.flat()))
        .catch(() => current && setFound(null));
    }, 300);
    return () => {
      current = false;
      clearTimeout(timer);
    };
    // `key` stands for productId, markets and fields (new arrays on every render of the editor).
  }, [key, check]);

  if (found === null || found.length === 0) return null;
  return (
    <ul className="lint-list card-compliance" data-testid="card-compliance" tabIndex={0}>
      {found.map((f, i) => (
        <li key={i} className={f.severity} data-rule={f.ruleId}>
          <strong>
            {f.market} · {f.language} · {tc(f.field === 'bullets' ? 'badges' : f.field)}
          </strong>{' '}
          — {t(`rules.${f.messageKey}`, { ...f.params, defaultValue: f.message })}
          <span className="lint-source">{t('editor.source', { source: f.source })}</span>
        </li>
      ))}
    </ul>
  );
}
