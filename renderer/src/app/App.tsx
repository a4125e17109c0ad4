import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { applyLanguage } from '../i18n';
import { useStudio } from '../store';
import { LanguageSwitcher } from '../components/LanguageSwitcher';
import { LinkBadge } from '../components/LinkBadge';
import { ErrorToast } from '../components/ErrorToast';
import { SessionBar } from '../features/sessions/SessionBar';
import { pages, type PageDef } from './pages';

function pageFromHash(): PageDef['id'] {
  const id = window.location.hash.replace(/^#\/?/, '');
  return pages.find((p) => p.id === id)?.id ?? 'live';
}

/** The control-room shell: navigation, the host link badge, the language switcher, the current page. */
export function App() {
  const { t } = useTranslation();
  const [page, setPage] = useState<PageDef['id']>(pageFromHash);
  const language = useStudio((s) => s.settings?.general.language);

  useEffect(() => {
    if (language) applyLanguage(language);
  }, [language]);

  useEffect(() => {
    const onHash = () => setPage(pageFromHash());
    const onKey = (e: KeyboardEvent) => {
      if (!e.altKey || e.ctrlKey || e.metaKey) return;
      const target = pages.find((p) => p.key === e.key);
      if (target) {
        e.preventDefault();
        window.location.hash = `/${target.id}`;
      }
    };
    window.addEventListener('hashchange', onHash);
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('hashchange', onHash);
      window.removeEventListener('keydown', onKey);
    };
  }, []);

  const Current = pages.find((p) => p.id === page)!.component;
  return (
    <div className="shell">
      <header className="topbar">
        <div className="brand">{t('appName')}</div>
        <nav className="nav" aria-label="Pages">
          {pages.map((p) => (
            <a
              key={p.id}
              href={`#/${p.id}`}
              className={p.id === page ? 'nav-item active' : 'nav-item'}
              aria-current={p.id === page ? 'page' : undefined}
              title={`Alt+${p.key}`}
            >
              {t(`nav.${p.id}`)}
            </a>
          ))}
        </nav>
        <div className="topbar-right">
          <SessionBar />
          <LanguageSwitcher />
          <LinkBadge />
        </div>
      </header>
      <main className="page" data-page={page}>
        <Current />
      </main>
      <ErrorToast />
    </div>
  );
}
