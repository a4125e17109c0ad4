import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { uiLanguages } from '../../electron/shared/languages';
import { initI18n } from './i18n';
import { PrompterWindow } from './features/prompter/PrompterWindow';
import './styles/theme.css';

// The prompter's own window (Electron) or page (any browser, a co-host's device):
// prompter.html?lane=lead|follower&lang=<script language>. The UI speaks that language when it can.
const lang = new URLSearchParams(window.location.search).get('lang') ?? undefined;
// The first render waits for the user's language, so nothing shows in another one first.
void initI18n(lang && (uiLanguages as readonly string[]).includes(lang) ? lang : undefined).finally(() =>
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <PrompterWindow />
    </StrictMode>,
  ),
);
