import { describe, expect, it } from 'vitest';
import { EventBus } from '../../../electron/core/bus';
import { ServiceRegistry } from '../../../electron/core/services';

describe('services', () => {
  it('start in order and stop in reverse', async () => {
    const log: string[] = [];
    const registry = new ServiceRegistry();
    for (const name of ['db', 'features', 'server']) {
      registry.add({ name, start: () => void log.push(`start ${name}`), stop: () => void log.push(`stop ${name}`) });
    }
    await registry.startAll();
    await registry.stopAll();
    expect(log).toEqual(['start db', 'start features', 'start server', 'stop server', 'stop features', 'stop db']);
  });

  it('stop what already started when one fails to start', async () => {
    const log: string[] = [];
    const registry = new ServiceRegistry();
    registry.add({ name: 'db', start: () => void log.push('start db'), stop: () => void log.push('stop db') });
    registry.add({ name: 'broken', start: () => Promise.reject(new Error('port in use')), stop: () => void log.push('stop broken') });
    await expect(registry.startAll()).rejects.toThrow('port in use');
    expect(log).toEqual(['start db', 'stop db']);
  });

  it('keep stopping the others when one fails to stop', async () => {
    const log: string[] = [];
    const registry = new ServiceRegistry();
    registry.add({ name: 'a', stop: () => void log.push('stop a') });
    registry.add({ name: 'b', stop: () => { throw new Error('stuck'); } });
    await registry.startAll();
    const failures = await registry.stopAll();
    expect(failures.map((f) => f.message)).toEqual(['b did not stop cleanly: Error: stuck']);
    expect(log).toEqual(['stop a']);
  });
});

describe('the event bus', () => {
  it('validates payloads against the contract when published', () => {
    const bus = new EventBus();
    expect(() => bus.publish('error', { source: 'x' } as never)).toThrow();
  });

  it('keeps delivering when a listener throws', () => {
    const errors: unknown[] = [];
    const bus = new EventBus((e) => errors.push(e));
    const got: string[] = [];
    bus.subscribeAll(() => {
      throw new Error('bad listener');
    });
    bus.on('error', (e) => got.push(e.payload.message));
    bus.publish('error', { source: 'test', code: 'x', message: 'hello' });
    expect(got).toEqual(['hello']);
    expect(errors).toHaveLength(1);
  });
});
