import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { OverlayApp } from './features/overlay/OverlayApp';
import './features/overlay/overlay.css';

// The OBS browser-source overlay: /overlay?token=<overlay token>&market=DE. Read-only: it shows the
// pinned card and the deal countdown, pushed by the host.
const params = new URLSearchParams(window.location.search);
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <OverlayApp token={params.get('token') ?? ''} market={(params.get('market') ?? 'US').toUpperCase()} />
  </StrictMode>,
);
