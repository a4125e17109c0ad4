import { useTranslation } from 'react-i18next';
import { LanguageSwitcher } from '../components/LanguageSwitcher';
import { LinkBadge } from '../components/LinkBadge';
import { ChatDock } from '../features/chat/ChatDock';

/**
 * The chat dock alone, filling the window: for a moderator's laptop or tablet (`/?token=…#/chat`, a link
 * that survives reload). The control room's other pages are one click away.
 */
export function ChatPage() {
  const { t } = useTranslation('chat');
  return (
    <div className="chat-window" data-testid="chat-page">
      <header className="chat-window-head">
        <strong>{t('pageTitle')}</strong>
        <a href="#/live" className="nav-item" data-testid="chat-back">
          {t('backToLive')}
        </a>
        <span className="chat-window-right">
          <LanguageSwitcher />
          <LinkBadge />
        </span>
      </header>
      <ChatDock variant="page" />
    </div>
  );
}
