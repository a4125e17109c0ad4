import { useTranslation } from 'react-i18next';
import { languageNames, uiLanguages } from '../../../electron/shared/languages';
import { applyLanguage } from '../i18n';
import { useStudio } from '../store';
import { useShowFailure } from '../store/run-action';

/** Changes the UI language for every window at once: it is a host setting, applied without reload. */
export function LanguageSwitcher() {
  const { t, i18n } = useTranslation();
  const update = useStudio((s) => s.updateSettings);
  const fail = useShowFailure();
  return (
    <label className="lang-switch">
      <span className="sr-only">{t('language')}</span>
      <select
        aria-label={t('language')}
        data-testid="language-switcher"
        value={i18n.language}
        onChange={(e) => {
          const language = e.target.value as (typeof uiLanguages)[number];
          void applyLanguage(language);
          update({ general: { language } }).catch(fail);
        }}
      >
        {uiLanguages.map((lang) => (
          <option key={lang} value={lang}>
            {languageNames[lang]}
          </option>
        ))}
      </select>
    </label>
  );
}
