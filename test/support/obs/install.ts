import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';

/** Debian packages the OBS harness needs: OBS Studio (obs-websocket built in), a virtual X server, Mesa's software GL. */
export const obsAptPackages = ['obs-studio', 'xvfb', 'xauth', 'libgl1-mesa-dri'] as const;

function missingPackages(): string[] {
  return obsAptPackages.filter((name) => {
    const probe = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
    return probe.status !== 0 || !probe.stdout.includes('install ok installed');
  });
}

/**
 * Makes sure OBS and Xvfb are installed, installing them with apt-get when missing (CI starts from a fresh
 * machine). Runs apt-get directly as root, through `sudo -n` otherwise.
 */
export function ensureObsInstalled(): void {
  const missing = missingPackages();
  if (missing.length === 0 && fs.existsSync('/usr/bin/obs') && fs.existsSync('/usr/bin/Xvfb')) return;
  const asRoot = process.getuid?.() === 0;
  const run = (args: string[]) => {
    const [cmd, ...rest] = asRoot ? args : ['sudo', '-n', ...args];
    execFileSync(cmd!, rest, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  };
  try {
    run(['apt-get', 'update']);
    run(['apt-get', 'install', '-y', '--no-install-recommends', ...missing]);
  } catch (error) {
    throw new Error(
      `OBS is not installed and apt-get failed (${(error as Error).message}). Install it with: ` +
        `apt-get install -y --no-install-recommends ${obsAptPackages.join(' ')}`,
    );
  }
}
