import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { assertFreshBuild, buildCheckedVariable } from './build-freshness';

const repo = path.resolve(import.meta.dirname, '../..');
/** Checked once per test process (or once per run, by Playwright's globalSetup): edits during a run fail nothing. */
let buildChecked: true | undefined = process.env[buildCheckedVariable] === '1' ? true : undefined;
const linePattern = /^Broadcart Studio listening on (http:\/\/127\.0\.0\.1:(\d+)\/\?token=([\w-]+))$/;

export interface ServedHost {
  process: ChildProcess;
  url: string;
  baseUrl: string;
  port: number;
  token: string;
  /** Everything the host wrote to stderr (for failure messages). */
  stderr(): string;
  /** SIGINT/SIGTERM and wait for exit; resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  kill(): Promise<void>;
}

/**
 * Starts the built host exactly as `npm run serve` does (node out/main/serve.js) and waits for its one
 * line. Needs `npm run build` first: a missing or stale build (sources newer than out/) throws, saying so.
 */
export function startServedHost(dataDir: string, extraArgs: string[] = [], options: { env?: NodeJS.ProcessEnv } = {}): Promise<ServedHost> {
  try {
    buildChecked ??= (assertFreshBuild(repo), true);
  } catch (error) {
    return Promise.reject(error as Error);
  }
  const child = spawn(process.execPath, ['out/main/serve.js', '--port', '0', '--data-dir', dataDir, ...extraArgs], {
    cwd: repo,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...options.env },
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout! });
    const onExit = (code: number | null) => reject(new Error(`host exited (${code}) before listening: ${stderr}`));
    child.once('exit', onExit);
    lines.once('line', (line) => {
      child.off('exit', onExit);
      const match = linePattern.exec(line);
      if (!match) return reject(new Error(`unexpected first line: ${line}`));
      const port = Number(match[2]);
      resolve({
        process: child,
        url: match[1]!,
        baseUrl: `http://127.0.0.1:${port}`,
        port,
        token: match[3]!,
        stderr: () => stderr,
        async stop(signal: NodeJS.Signals = 'SIGINT') {
          if (child.exitCode === null) child.kill(signal);
          return exited;
        },
        async kill() {
          if (child.exitCode === null) child.kill('SIGKILL');
          await exited;
        },
      });
    });
  });
}
