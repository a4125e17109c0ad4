import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { initI18n } from './i18n';
import { PrompterPage } from './pages/PrompterPage';
import './styles/theme.css';

// The prompter's own window (Electron) or page (any browser, a co-host's device).
initI18n(new URLSearchParams(window.location.search).get('lang') ?? undefined);
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <PrompterPage />
  </StrictMode>,
);
