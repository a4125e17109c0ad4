import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { uiLanguages } from '../../../electron/shared/languages';
import { bindingLabel, keyLabels, matchesBinding, shortcutFor, shortcuts, shortcutsOf, type KeyPress, type ShortcutWindow } from '../../../renderer/src/app/shortcuts';

const press = (key: string, mods: Partial<KeyPress> = {}): KeyPress => ({ key, altKey: false, ctrlKey: false, metaKey: false, shiftKey: false, ...mods });
const windows: ShortcutWindow[] = ['controlRoom', 'prompterLane'];
const repo = path.resolve(import.meta.dirname, '../../..');

describe('the keyboard map', () => {
  it('gives a key one meaning across windows (M marks the moment everywhere)', () => {
    const meaning = new Map<string, string>();
    for (const s of shortcuts) {
      for (const binding of s.keys) {
        const label = bindingLabel(binding);
        const seen = meaning.get(label);
        expect(seen === undefined || seen === s.id, `${label}: ${seen} and ${s.id}`).toBe(true);
        meaning.set(label, s.id);
      }
    }
    for (const window of windows) {
      expect(shortcutFor(window, press('m'))?.shortcut.id, window).toBe('session.mark');
      expect(shortcutFor(window, press('M', { shiftKey: true })), window).toBeNull();
      expect(shortcutFor(window, press('?', { shiftKey: true }))?.shortcut.id, window).toBe('help.toggle');
    }
  });

  it('binds no key twice within a window', () => {
    for (const window of windows) {
      const labels = shortcutsOf(window).flatMap(keyLabels);
      expect(new Set(labels).size, window).toBe(labels.length);
    }
  });

  it('matches letters whatever Caps Lock says, symbols as typed, modifiers exactly', () => {
    expect(matchesBinding({ key: 'm' }, press('M'))).toBe(true); // Caps Lock on
    expect(matchesBinding({ key: 'm' }, press('m', { ctrlKey: true }))).toBe(false);
    expect(matchesBinding({ key: 'm', ctrl: true }, press('m', { metaKey: true }))).toBe(true); // ⌘M on macOS
    expect(matchesBinding({ key: '1', alt: true }, press('1', { altKey: true }))).toBe(true);
    expect(matchesBinding({ key: '1', alt: true }, press('1'))).toBe(false);
    expect(matchesBinding({ key: 'Digit1-9' }, press('7'))).toBe(true);
    expect(matchesBinding({ key: 'Digit1-9' }, press('0'))).toBe(false);
    expect(matchesBinding({ key: '?' }, press('?', { shiftKey: true }))).toBe(true);
  });

  it('prints keys the way the help shows them', () => {
    expect(bindingLabel({ key: 'm', ctrl: true })).toBe('Ctrl+M');
    expect(bindingLabel({ key: '1', alt: true })).toBe('Alt+1');
    expect(bindingLabel({ key: ' ' })).toBe('Space');
    expect(bindingLabel({ key: 'Digit1-9' })).toBe('1–9');
  });

  it('has a name for every shortcut and condition in every UI language', () => {
    for (const lang of uiLanguages) {
      const texts = JSON.parse(fs.readFileSync(path.join(repo, 'locales', lang, 'shortcuts.json'), 'utf8'));
      const lookup = (dotted: string) => dotted.split('.').reduce((node, part) => node?.[part], texts);
      for (const s of shortcuts) {
        expect(typeof lookup(`action.${s.id}`), `${lang}: action.${s.id}`).toBe('string');
        if (s.condition) expect(typeof lookup(`condition.${s.condition}`), `${lang}: condition.${s.condition}`).toBe('string');
      }
    }
  });

  it('is the only place a window-wide key is bound (a modal closing on Escape aside)', () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (/\.tsx?$/.test(entry.name) && !full.endsWith(path.join('app', 'use-shortcuts.ts'))) {
          const source = fs.readFileSync(full, 'utf8');
          if (!/addEventListener\(\s*['"]keydown/.test(source)) continue;
          // The only key a file may read by itself is Escape (closing its modal).
          if (/\.key\b/.test(source.replace(/\.key === 'Escape'/g, ''))) offenders.push(path.relative(repo, full));
        }
      }
    };
    walk(path.join(repo, 'renderer/src'));
    expect(offenders).toEqual([]);
  });
});
