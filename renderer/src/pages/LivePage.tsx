import { useTranslation } from 'react-i18next';

// Filled in by the live feature.
export function LivePage() {
  const { t } = useTranslation('live');
  const { t: common } = useTranslation();
  return (
    <section className="panel">
      <h1>{t('title')}</h1>
      <p className="muted">{common('comingSoon')}</p>
    </section>
  );
}
