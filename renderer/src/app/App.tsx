import { lazy, Suspense, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { applyLanguage } from '../i18n';
import { useStudio } from '../store';
import { LanguageSwitcher } from '../components/LanguageSwitcher';
import { LinkBadge } from '../components/LinkBadge';
import { ObsAlert, ObsBadge } from '../components/ObsBadge';
import { FleetBadge } from '../components/FleetBadge';
import { ErrorToast } from '../components/ErrorToast';
import { ShortcutHelp } from '../components/ShortcutHelp';
import { InterruptedBanner } from '../features/session/InterruptedBanner';
import { ComplianceRefusal } from '../features/catalog/ComplianceRefusal';
import { SessionBar } from '../features/session/SessionBar';
import { pages, type PageDef } from './pages';
import { keyLabels, shortcutById } from './shortcuts';
import { useShortcutKeys, useShortcuts } from './use-shortcuts';

// The chat page (#/chat) is the chat dock alone, for a moderator's device: not in the navigation.
const ChatPage = lazy(async () => ({ default: (await import('../pages/ChatPage')).ChatPage }));

function pageFromHash(): PageDef['id'] | 'chat' {
  // The first segment names the page; the rest is the page's own (#/sessions/<id>).
  const id = window.location.hash.replace(/^#\/?/, '').split(/[/?]/)[0];
  if (id === 'chat') return 'chat';
  return pages.find((p) => p.id === id)?.id ?? 'live';
}

/** The control-room shell: navigation, the host link badge, the language switcher, the current page. */
export function App() {
  const { t } = useTranslation();
  const [page, setPage] = useState<PageDef['id'] | 'chat'>(pageFromHash);
  const language = useStudio((s) => s.settings?.general.language);

  useEffect(() => {
    if (language) void applyLanguage(language);
  }, [language]);

  useEffect(() => {
    const onHash = () => setPage(pageFromHash());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  useShortcutKeys('controlRoom');
  useShortcuts(
    'controlRoom',
    Object.fromEntries(pages.map((p) => [`page.${p.id}`, () => void (window.location.hash = `/${p.id}`)])),
  );

  if (page === 'chat') {
    return (
      <>
        <Suspense fallback={null}>
          <ChatPage />
        </Suspense>
        <ErrorToast />
        <ShortcutHelp window="controlRoom" />
      </>
    );
  }
  const Current = pages.find((p) => p.id === page)!.component;
  return (
    <div className="shell">
      <header className="topbar">
        <div className="brand">{t('appName')}</div>
        <nav className="nav" aria-label={t('pagesLabel')}>
          {pages.map((p) => (
            <a
              key={p.id}
              href={`#/${p.id}`}
              className={p.id === page ? 'nav-item active' : 'nav-item'}
              aria-current={p.id === page ? 'page' : undefined}
              title={keyLabels(shortcutById('controlRoom', `page.${p.id}`)).join(', ')}
            >
              {t(`nav.${p.id}`)}
            </a>
          ))}
        </nav>
        <div className="topbar-right">
          <SessionBar />
          <LanguageSwitcher />
          <ObsBadge />
          <FleetBadge />
          <LinkBadge />
        </div>
      </header>
      <ObsAlert />
      <main className="page" data-page={page}>
        <InterruptedBanner />
        <ComplianceRefusal />
        {/* A page's chunk loads the first time it is opened (pages.ts); the shell stays meanwhile. */}
        <Suspense fallback={null}>
          <Current />
        </Suspense>
      </main>
      <ErrorToast />
      <ShortcutHelp window="controlRoom" />
    </div>
  );
}
