import type { EventName, HostEvent } from '../../electron/shared/contract';
import type { TestHost } from './host';

/** Polls a condition until it holds (truthy) or the deadline passes: never a fixed sleep. */
export async function waitFor<T>(
  check: () => T | Promise<T>,
  what: string,
  timeoutMs = 10_000,
): Promise<Exclude<T, false | null | undefined | 0 | ''>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value as Exclude<T, false | null | undefined | 0 | ''>;
      last = value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what} (last: ${String(last)})`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Records the host's bus events from now on. */
export function recordEvents(host: TestHost) {
  const events: HostEvent[] = [];
  const stop = host.host.context.bus.subscribeAll((event) => events.push(event));
  return {
    events,
    stop,
    of<E extends EventName>(name: E): HostEvent<E>[] {
      return events.filter((e) => e.name === name) as HostEvent<E>[];
    },
  };
}
