import { useTranslation } from 'react-i18next';
import { pickLocalized } from '../../../../electron/shared/languages';
import type { Connection, ProductMatch } from '../../../../electron/shared/contract/platform';
import { useStudio } from '../../store';
import { useShowFailure } from '../../store/run-action';

/**
 * A shop connection's products: the result of the last "match by SKU" (what matched, what did not and
 * why) and the catalog products linked to the shop, each with an unlink.
 */
export function ProductMatches({ connection: c }: { connection: Connection }) {
  const { t, i18n } = useTranslation('platforms');
  const result = useStudio((s) => s.platformMatches[c.id]);
  const links = useStudio((s) => s.platformLinks).filter((l) => l.connectionId === c.id);
  const products = useStudio((s) => s.products);
  const unlink = useStudio((s) => s.unlinkPlatformProduct);
  const fail = useShowFailure();
  const nameOf = (productId: string, sku: string) => {
    const product = products.find((p) => p.id === productId);
    return product ? pickLocalized(product.name, i18n.language).text : sku;
  };
  const why = (m: ProductMatch) =>
    m.outcome === 'linked'
      ? t('matches.linkedTo', { title: m.remoteTitle ?? m.remoteProductId ?? '' })
      : m.outcome === 'missing'
        ? t('matches.missing', { sku: m.sku })
        : t('matches.ambiguous', { sku: m.sku });

  return (
    <div className="platform-products">
      {result ? (
        <div className="platform-matches" data-testid="platform-matches">
          <p className="small" data-testid="platform-match-summary">
            {t('matches.summary', { linked: result.linked, missing: result.missing, ambiguous: result.ambiguous })}
          </p>
          <table className="table match-table">
            <thead>
              <tr>
                <th>{t('matches.sku')}</th>
                <th>{t('matches.product')}</th>
                <th>{t('matches.outcome')}</th>
                <th>{t('matches.why')}</th>
              </tr>
            </thead>
            <tbody>
              {result.matches.map((m) => (
                <tr key={m.productId} data-testid="platform-match" data-sku={m.sku} data-outcome={m.outcome}>
                  <td className="mono">{m.sku}</td>
                  <td>{nameOf(m.productId, m.sku)}</td>
                  <td>
                    <span className={`match-outcome match-${m.outcome}`}>{t(`matches.outcome_${m.outcome}`)}</span>
                  </td>
                  <td className="small">{why(m)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {links.length > 0 ? (
        <details className="platform-links" data-testid="platform-links">
          <summary>{t('links.title', { count: links.length })}</summary>
          <ul>
            {links.map((l) => (
              <li key={l.productId} data-testid="platform-link" data-sku={l.sku}>
                <span className="mono">{l.sku}</span> <span>{nameOf(l.productId, l.sku)}</span>{' '}
                <span className="mono muted small">
                  <span className="flip-rtl">→</span> {l.remoteProductId}
                </span>{' '}
                <span className="muted small">{t(`links.by_${l.linkedBy}`)}</span>
                <button type="button" className="link-button" onClick={() => unlink(c.id, l.productId).catch(fail)}>
                  {t('links.unlink')}
                </button>
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </div>
  );
}
