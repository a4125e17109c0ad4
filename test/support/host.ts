import { startHost, type Host } from '../../electron/core/host';
import type { HostOptions } from '../../electron/core/context';
import { tempDir } from './temp';

/**
 * A real host in this process on a free port with a fresh data folder: real SQLite, real HTTP and
 * WebSocket server. `call` goes through the dispatcher like any transport (scope checks, validation).
 */
export async function startTestHost(options: Partial<HostOptions> = {}) {
  const temp = options.dataDir ? null : tempDir();
  const host: Host = await startHost({
    dataDir: options.dataDir ?? temp!.dir,
    port: 0,
    lan: false,
    runtime: 'node',
    version: '0.0.0-test',
    seedDemo: true,
    ...options,
  });
  const call = host.context.dispatcher.client();
  return {
    host,
    call,
    dataDir: host.context.options.dataDir,
    token: host.context.tokens.token('control'),
    baseUrl: `http://127.0.0.1:${host.server.port}`,
    async stop() {
      await host.stop();
      temp?.cleanup();
    },
  };
}
export type TestHost = Awaited<ReturnType<typeof startTestHost>>;
