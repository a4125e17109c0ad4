import { useTranslation } from 'react-i18next';
import type { Deal } from '../../../../electron/shared/contract/deals';
import { formatPrice, markets } from '../../../../electron/shared/markets';
import { translateTerm } from '../../i18n/translate-error';
import { useStudio } from '../../store';
import { useShowFailure } from '../../store/run-action';

/** Names of the platforms as their users know them (brand names, not translated). */
const rulesPrefix = 'flash_deal_rules:';
const money = (minor: number, currency: string, market: string) =>
  formatPrice(minor, currency, markets[market as keyof typeof markets]?.locale ?? 'en-US');

export const platformNames = { 'tiktok-shop': 'TikTok Shop', shopify: 'Shopify', youtube: 'YouTube', twitch: 'Twitch' } as const;

/**
 * What a deal did on each platform connection: queued, created, live, ended, failed (with the
 * platform's reason and code, and a retry) or skipped (with why). Nothing when no connection took part.
 */
export function DealPlatforms({ deal }: { deal: Deal }) {
  const { t } = useTranslation('cards');
  const labels = useStudio((s) => s.platformLabels);
  const retry = useStudio((s) => s.retryPlatformPush);
  const fail = useShowFailure();
  if (deal.platforms.length === 0) return null;
  return (
    <ul className="deal-platforms" data-testid="deal-platforms" aria-label={t('platformsTitle')}>
      {deal.platforms.map((p) => {
        const rules = p.errorCode?.startsWith(rulesPrefix) ? p.errorCode.slice(rulesPrefix.length).split(',') : null;
        // A Shopify refusal with a code we know is said in the UI language; Shopify's own words stay beside it.
        const refusal = p.platform === 'shopify' && p.state === 'failed' ? translateTerm('shopifyDiscountError', p.errorCode) : undefined;
        const made = p.state === 'created' || p.state === 'live' || p.state === 'ended';
        return (
          <li key={p.connectionId} className={`deal-platform platform-${p.state}`} data-testid="deal-platform" data-connection={p.connectionId} data-state={p.state}>
            <span className="deal-platform-name">{labels[p.connectionId] ?? platformNames[p.platform]}</span>
            <span className={`state-badge platform-state-${p.state}`}>{t(`platformState_${p.state}`)}</span>
            {p.code && made ? (
              <span className="mono deal-platform-code" title={t('platformCodeTitle')} data-testid="deal-platform-code">
                {p.code}
              </span>
            ) : null}
            {p.state === 'failed' && !rules ? (
              <button className="small-button" onClick={() => void retry(deal.id, p.connectionId).catch(fail)} data-testid="deal-platform-retry">
                {t('platformRetry')}
              </button>
            ) : null}
            {rules ? (
              <span className="deal-platform-reason" data-testid="deal-platform-reason">
                {t('platformRulesReason', {
                  rules: rules
                    .map((rule) => t(`flashRule_${rule}`, { leadInS: deal.leadInS, minutes: Math.round((deal.durationS / 60) * 10) / 10, price: money(deal.dealPriceMinor, deal.currency, deal.market) }))
                    .join(' '),
                })}
              </span>
            ) : refusal ? (
              <span className="deal-platform-reason" data-testid="deal-platform-reason">
                {t('platformRefusedReason', { platform: platformNames[p.platform], reason: refusal })}{' '}
                <span className="muted" data-testid="deal-platform-said">
                  {p.message}
                  <span className="mono"> ({p.errorCode})</span>
                </span>
              </span>
            ) : p.message && (p.state === 'failed' || p.state === 'skipped') ? (
              <span className="deal-platform-reason" data-testid="deal-platform-reason">
                {p.message}
                {p.errorCode && p.errorCode !== 'deal_finished' ? <span className="mono muted"> ({p.errorCode})</span> : null}
              </span>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
