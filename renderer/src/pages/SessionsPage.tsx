import { useTranslation } from 'react-i18next';

// Filled in by the sessions feature.
export function SessionsPage() {
  const { t } = useTranslation('sessions');
  const { t: common } = useTranslation();
  return (
    <section className="panel">
      <h1>{t('title')}</h1>
      <p className="muted">{common('comingSoon')}</p>
    </section>
  );
}
