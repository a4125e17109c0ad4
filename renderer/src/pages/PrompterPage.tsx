import { useTranslation } from 'react-i18next';

// Filled in by the prompter feature.
export function PrompterPage() {
  const { t } = useTranslation('prompter');
  const { t: common } = useTranslation();
  return (
    <section className="panel">
      <h1>{t('title')}</h1>
      <p className="muted">{common('comingSoon')}</p>
    </section>
  );
}
