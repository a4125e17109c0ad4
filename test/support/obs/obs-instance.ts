import { spawn, type ChildProcess } from 'node:child_process';
import dgram from 'node:dgram';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { OBSWebSocket } from 'obs-websocket-js';
import { freePort } from './free-port';
import { ensureObsInstalled } from './install';
import { collectionName, defaultSeedScenes, profileName, writeGlobalIni, writeObsConfig, type ObsConfigOptions, type SeedScene } from './obs-config';
import { startXvfb, type VirtualDisplay } from './xvfb';

export interface StartObsOptions {
  /** Requires this password on the websocket server. */
  password?: string;
  scenes?: SeedScene[];
  /** Fixed port; a free one by default. */
  port?: number;
  /** How long to wait for the websocket to answer. */
  startTimeoutMs?: number;
}

export interface ObsExit {
  /** OBS hung and was killed after 15 s. */
  killed: boolean;
  code: number | null;
  signal: NodeJS.Signals | null;
  /** obs-websocket closed its client sockets with 1001 "Server stopping." before OBS ended. */
  saidGoodbye: boolean;
}

export interface ObsInstance {
  readonly url: string;
  readonly port: number;
  readonly password: string | undefined;
  /** Where simple-output recordings land. */
  readonly recordDir: string;
  /** The scenes seeded at start, in OBS's UI order. */
  readonly scenes: SeedScene[];
  /** Bytes of stream that reached the local UDP receiver (proves OBS really streams). */
  streamBytesReceived(): number;
  /** The running OBS process id (changes on restart). */
  pid(): number | undefined;
  running(): boolean;
  /** OBS's own output so far (for failure messages). */
  log(): string;
  /**
   * Clean shutdown (SIGINT: OBS saves its config), waits for exit and says how OBS ended: on a loaded machine
   * OBS 29 sometimes crashes inside its own shutdown, before obs-websocket has said goodbye to its clients.
   */
  stop(): Promise<ObsExit>;
  /** Freezes OBS (SIGSTOP): its sockets stay open but nothing answers, like a half-open link after sleep. */
  freeze(): void;
  /** Lets a frozen OBS run again (SIGCONT). */
  thaw(): void;
  /** Kills OBS without any shutdown (SIGKILL), waits for exit. */
  kill(): Promise<void>;
  /** Starts OBS again with the same config and port (after stop or kill); resolves when the websocket answers. */
  restart(options?: { password?: string | null; waitReady?: boolean }): Promise<void>;
  /** A fresh obs-websocket-js client on this OBS, identified (the caller disconnects it). */
  connectClient(): Promise<OBSWebSocket>;
  /** Stops OBS and Xvfb and removes the temporary folder. */
  dispose(): Promise<void>;
}

/**
 * Starts Debian's OBS Studio headless: Xvfb display, isolated HOME/XDG_CONFIG_HOME in a temp folder,
 * websocket server on a free port (optionally with a password), a seeded scene collection and a cheap
 * profile. `--multi` keeps another running OBS from blocking start-up with a modal dialog.
 */
export async function startObs(options: StartObsOptions = {}): Promise<ObsInstance> {
  ensureObsInstalled();
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'broadcart-obs-'));
  const receiver = dgram.createSocket('udp4');
  let streamBytes = 0;
  receiver.on('message', (msg) => (streamBytes += msg.length));
  await new Promise<void>((resolve) => receiver.bind(0, '127.0.0.1', resolve));
  const home = path.join(root, 'home');
  const config: ObsConfigOptions = {
    configHome: path.join(home, '.config'),
    port: options.port ?? (await freePort()),
    password: options.password,
    recordDir: path.join(root, 'recordings'),
    scenes: options.scenes ?? defaultSeedScenes,
    streamPort: receiver.address().port,
  };
  writeObsConfig(config);
  const xvfb: VirtualDisplay = await startXvfb();
  const timeoutMs = options.startTimeoutMs ?? 30_000;

  let child: ChildProcess | null = null;
  let exited: Promise<void> = Promise.resolve();
  let output = '';

  const launch = () => {
    output = '';
    const proc = spawn(
      'obs',
      ['--multi', '--disable-missing-files-check', '--collection', collectionName, '--profile', profileName],
      {
        cwd: home,
        env: {
          ...process.env,
          HOME: home,
          XDG_CONFIG_HOME: config.configHome,
          DISPLAY: xvfb.display,
          LIBGL_ALWAYS_SOFTWARE: '1',
          QT_QPA_PLATFORM: 'xcb',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const keep = (d: Buffer) => {
      output += d.toString();
      if (output.length > 200_000) output = output.slice(-100_000);
    };
    proc.stdout!.on('data', keep);
    proc.stderr!.on('data', keep);
    // 'close' comes once OBS's output is drained too (its last log lines tell how it shut down); a child
    // process that inherited the pipes could hold them open, so that wait is capped.
    const closed = new Promise<void>((resolve) => proc.once('close', () => resolve()));
    exited = new Promise<void>((resolve) => proc.once('exit', () => resolve())).then(() =>
      Promise.race([closed, new Promise<void>((resolve) => setTimeout(resolve, 2000))]),
    );
    child = proc;
  };

  const isRunning = () => child !== null && child.exitCode === null && child.signalCode === null;

  const connectClient = async () => {
    const client = new OBSWebSocket();
    await client.connect(`ws://127.0.0.1:${config.port}`, config.password);
    return client;
  };

  /** Polls until the websocket identifies and OBS answers a request (it may say 207 "not ready" at first). */
  const waitReady = async () => {
    const deadline = Date.now() + timeoutMs;
    let lastError = '';
    while (Date.now() < deadline) {
      if (!isRunning()) throw new Error(`OBS exited during start-up:\n${output.slice(-4000)}`);
      const client = new OBSWebSocket();
      try {
        await client.connect(`ws://127.0.0.1:${config.port}`, config.password);
        await client.call('GetSceneList');
        await client.disconnect();
        return;
      } catch (error) {
        lastError = (error as Error).message || String((error as { code?: number }).code);
        await client.disconnect().catch(() => {});
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    throw new Error(`OBS did not answer on port ${config.port} within ${timeoutMs} ms (${lastError}):\n${output.slice(-4000)}`);
  };

  const stop = async (): Promise<ObsExit> => {
    if (!isRunning()) return { killed: false, code: child?.exitCode ?? null, signal: child?.signalCode ?? null, saidGoodbye: false };
    const proc = child!;
    child!.kill('SIGCONT');
    child!.kill('SIGINT');
    let killed = false;
    const timer = setTimeout(() => {
      killed = true;
      child?.kill('SIGKILL');
    }, 15_000);
    await exited;
    clearTimeout(timer);
    return { killed, code: proc.exitCode, signal: proc.signalCode, saidGoodbye: /Server stopping\./.test(output) };
  };

  const kill = async () => {
    if (!isRunning()) return;
    child!.kill('SIGKILL');
    await exited;
  };

  launch();
  try {
    await waitReady();
  } catch (error) {
    await kill();
    await xvfb.stop();
    receiver.close();
    fs.rmSync(root, { recursive: true, force: true });
    throw error;
  }

  return {
    url: `ws://127.0.0.1:${config.port}`,
    port: config.port,
    get password() {
      return config.password;
    },
    recordDir: config.recordDir,
    scenes: config.scenes,
    streamBytesReceived: () => streamBytes,
    pid: () => child?.pid,
    running: isRunning,
    log: () => output,
    stop,
    kill,
    freeze: () => {
      if (!child?.pid) return;
      child.kill('SIGSTOP');
      waitForProcessState(child.pid, 't');
    },
    thaw: () => void child?.kill('SIGCONT'),
    async restart(restartOptions = {}) {
      await stop();
      if (restartOptions.password !== undefined) {
        config.password = restartOptions.password ?? undefined;
        writeGlobalIni(config);
      }
      launch();
      if (restartOptions.waitReady !== false) await waitReady();
    },
    connectClient,
    async dispose() {
      await stop();
      await xvfb.stop();
      receiver.close();
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}

/**
 * Waits (briefly, synchronously) until every thread of a process shows the given state letter in /proc
 * ('t' or 'T': stopped), so a frozen OBS is really frozen before the test sends its next request.
 */
function waitForProcessState(pid: number, state: 't', timeoutMs = 2000): void {
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  const deadline = Date.now() + timeoutMs;
  const stopped = () => {
    try {
      const tasks = fs.readdirSync(`/proc/${pid}/task`);
      return tasks.every((tid) => {
        const stat = fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
        const letter = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
        return letter.toLowerCase() === state;
      });
    } catch {
      return false;
    }
  };
  while (!stopped() && Date.now() < deadline) Atomics.wait(sleeper, 0, 0, 2);
}
