import type { ComponentType } from 'react';
import { CatalogPage } from '../pages/CatalogPage';
import { LivePage } from '../pages/LivePage';
import { PrompterPage } from '../pages/PrompterPage';
import { SessionsPage } from '../pages/SessionsPage';
import { SettingsPage } from '../pages/SettingsPage';

export interface PageDef {
  id: 'live' | 'prompter' | 'catalog' | 'sessions' | 'settings';
  /** Alt+<key> opens the page. */
  key: string;
  component: ComponentType;
}

/** The control room's pages, in navigation order. */
export const pages: readonly PageDef[] = [
  { id: 'live', key: '1', component: LivePage },
  { id: 'prompter', key: '2', component: PrompterPage },
  { id: 'catalog', key: '3', component: CatalogPage },
  { id: 'sessions', key: '4', component: SessionsPage },
  { id: 'settings', key: '5', component: SettingsPage },
];
