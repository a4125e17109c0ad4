import fs from 'node:fs';
import path from 'node:path';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import type { Configuration } from 'electron-builder';

const repo = path.resolve(import.meta.dirname, '../../..');
const config = load(fs.readFileSync(path.join(repo, 'electron-builder.yml'), 'utf8')) as Configuration;

describe('the packaged Electron binary', () => {
  it('has its fuses flipped: no Node mode, no NODE_OPTIONS, no --inspect, encrypted cookies, only its own checked app.asar', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
    // onlyLoadAppFromAsar needs the app packed into app.asar.
    expect(config.asar).toBe(true);
  });

  it('never forks a process the RunAsNode fuse would break', () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (/\.(ts|tsx)$/.test(entry.name)) files.push(full);
      }
    };
    walk(path.join(repo, 'electron'));
    const forking = files.filter((f) => /child_process|ELECTRON_RUN_AS_NODE|\.fork\(/.test(fs.readFileSync(f, 'utf8')));
    expect(forking).toEqual([]);
  });
});
