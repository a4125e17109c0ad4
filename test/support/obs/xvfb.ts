import { spawn, type ChildProcess } from 'node:child_process';

export interface VirtualDisplay {
  /** Value for DISPLAY, such as ":99". */
  display: string;
  stop(): Promise<void>;
}

/**
 * Starts Xvfb on a display number it picks itself (`-displayfd`), so parallel runs never fight over a
 * display or its lock file.
 */
export function startXvfb(): Promise<VirtualDisplay> {
  const child: ChildProcess = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '1280x720x24', '-nolisten', 'tcp', '-noreset'], {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    let out = '';
    const fd3 = child.stdio[3] as NodeJS.ReadableStream;
    const onExit = (code: number | null) => reject(new Error(`Xvfb exited (${code}) before starting: ${stderr}`));
    child.once('exit', onExit);
    fd3.on('data', (d: Buffer) => {
      out += d.toString();
      if (!out.includes('\n')) return;
      child.off('exit', onExit);
      resolve({
        display: `:${out.trim()}`,
        async stop() {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
          await exited;
        },
      });
    });
  });
}
