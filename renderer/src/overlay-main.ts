import { startOverlay } from './features/overlay/overlay-page';
import './features/overlay/overlay.css';

// The OBS browser-source overlay: /overlay?token=<overlay token>&market=DE. Read-only: it shows the
// pinned card and the deal countdown, pushed by the host. Plain DOM (no React, no contract schemas):
// every browser source in OBS loads this page.
const params = new URLSearchParams(window.location.search);
startOverlay(document.getElementById('root')!, { token: params.get('token') ?? '', market: (params.get('market') ?? 'US').toUpperCase() });
