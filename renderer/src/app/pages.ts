import type { ComponentType } from 'react';
import { CatalogPage } from '../pages/CatalogPage';
import { LivePage } from '../pages/LivePage';
import { PrompterPage } from '../pages/PrompterPage';
import { SessionsPage } from '../pages/SessionsPage';
import { SettingsPage } from '../pages/SettingsPage';

export interface PageDef {
  id: 'live' | 'prompter' | 'catalog' | 'sessions' | 'settings';
  component: ComponentType;
}

/** The control room's pages, in navigation order (their keys, Alt+1..5, are `page.<id>` in shortcuts.ts). */
export const pages: readonly PageDef[] = [
  { id: 'live', component: LivePage },
  { id: 'prompter', component: PrompterPage },
  { id: 'catalog', component: CatalogPage },
  { id: 'sessions', component: SessionsPage },
  { id: 'settings', component: SettingsPage },
];
