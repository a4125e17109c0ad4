import { lazy, type ComponentType, type LazyExoticComponent } from 'react';

export interface PageDef {
  id: 'live' | 'prompter' | 'catalog' | 'sessions' | 'settings';
  component: LazyExoticComponent<ComponentType>;
}

/**
 * Each page is its own chunk, loaded when it is first opened: the control room's first page downloads
 * only what it shows (the session review's charts or the catalog's tables wait for their pages).
 */
function lazyPage<K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K): LazyExoticComponent<ComponentType> {
  return lazy(async () => ({ default: (await load())[name] }));
}

/** The control room's pages, in navigation order (their keys, Alt+1..5, are `page.<id>` in shortcuts.ts). */
export const pages: readonly PageDef[] = [
  { id: 'live', component: lazyPage(() => import('../pages/LivePage'), 'LivePage') },
  { id: 'prompter', component: lazyPage(() => import('../pages/PrompterPage'), 'PrompterPage') },
  { id: 'catalog', component: lazyPage(() => import('../pages/CatalogPage'), 'CatalogPage') },
  { id: 'sessions', component: lazyPage(() => import('../pages/SessionsPage'), 'SessionsPage') },
  { id: 'settings', component: lazyPage(() => import('../pages/SettingsPage'), 'SettingsPage') },
];
