import './zod-config';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { initI18n } from './i18n';
import { App } from './app/App';
import './styles/theme.css';

// The first render waits for the user's language, so nothing shows in another one first.
void initI18n(new URLSearchParams(window.location.search).get('lang') ?? undefined).finally(() =>
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App />
    </StrictMode>,
  ),
);
