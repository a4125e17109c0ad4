import { useTranslation } from 'react-i18next';
import { pickLocalized } from '../../../../electron/shared/languages';
import { useStudio } from '../../store';
import { platformNames } from '../catalog/DealPlatforms';

/**
 * No platform API pins a product in a live: when a card is pinned, this tells the host to pin the same
 * product in each shop's own live console (one line per connection that has the product linked).
 */
export function PinReminders() {
  const { t, i18n } = useTranslation('live');
  const reminders = useStudio((s) => s.pinReminders);
  const products = useStudio((s) => s.products);
  const labels = useStudio((s) => s.platformLabels);
  const dismiss = useStudio((s) => s.dismissPinReminder);
  if (reminders.length === 0) return null;
  return (
    <section className="panel pin-reminders" data-testid="pin-reminders" aria-live="polite">
      <h2>{t('pinReminder.title')}</h2>
      <ul>
        {reminders.map((r) => {
          const product = products.find((p) => p.id === r.productId);
          const name = product ? pickLocalized(product.name, i18n.language).text : r.productId;
          return (
            <li key={`${r.at}-${r.connectionId}`} className="pin-reminder" data-testid="pin-reminder" data-connection={r.connectionId}>
              <span>
                {t('pinReminder.text', { product: name, platform: labels[r.connectionId] ?? platformNames[r.platform] })}
                {r.remoteProductId ? <span className="mono muted small"> {t('pinReminder.remoteId', { id: r.remoteProductId })}</span> : null}
              </span>
              <button onClick={() => void dismiss(r.at, r.connectionId)} data-testid="pin-reminder-done">
                {t('pinReminder.done')}
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
