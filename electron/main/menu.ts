import { clipboard, Menu, type MenuItemConstructorOptions } from 'electron';

export function buildMenu(actions: { openPrompter: () => void; serverUrl: () => string }): Menu {
  const template: MenuItemConstructorOptions[] = [
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        { label: 'Open Prompter Window', accelerator: 'CommandOrControl+Shift+P', click: actions.openPrompter },
        { label: 'Copy Browser Address', click: () => clipboard.writeText(actions.serverUrl()) },
        { type: 'separator' },
        { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    { role: 'viewMenu' },
    { role: 'windowMenu' },
  ];
  return Menu.buildFromTemplate(template);
}
