import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { eventNames, events, methodNamePattern, methodNames, methods } from '../../../electron/shared/contract';
import { Dispatcher } from '../../../electron/core/api/dispatcher';
import { HostError } from '../../../electron/shared/contract';

describe('the contract', () => {
  it('names every method <domain>.<verb> and gives it schemas and a summary', () => {
    expect(methodNames.length).toBeGreaterThan(3);
    for (const name of methodNames) {
      expect(name, name).toMatch(methodNamePattern);
      const spec = methods[name];
      expect(spec.input, name).toBeInstanceOf(z.ZodType);
      expect(spec.output, name).toBeInstanceOf(z.ZodType);
      expect(typeof spec.mutates, name).toBe('boolean');
      expect(spec.summary.length, name).toBeGreaterThan(5);
    }
  });

  it('declares every event with a payload schema and a log flag', () => {
    expect(eventNames).toContain('error');
    for (const name of eventNames) {
      expect(events[name].payload, name).toBeInstanceOf(z.ZodType);
      expect(typeof events[name].logged, name).toBe('boolean');
    }
  });

  it('accepts no input for methods without input, and refuses unknown fields', () => {
    expect(methods['system.info'].input.parse(undefined)).toEqual({});
    expect(methods['system.info'].input.safeParse({ surprise: 1 }).success).toBe(false);
    expect(methods['catalog.getProduct'].input.safeParse({}).success).toBe(false);
    expect(methods['catalog.getProduct'].input.safeParse({ sku: 'X' }).success).toBe(true);
  });
});

describe('the dispatcher', () => {
  const dispatcher = new Dispatcher();
  dispatcher.register({ 'catalog.getProduct': ({ sku }) => ({ sku }) as never });

  it('answers an unknown method with unknown_method', async () => {
    await expect(dispatcher.call('nope.nothing', {}, { transport: 'internal', scope: 'control' })).rejects.toMatchObject({
      code: 'unknown_method',
    });
  });

  it('answers bad input with bad_request naming the field', async () => {
    const error = (await dispatcher
      .call('catalog.getProduct', { sku: 42 }, { transport: 'internal', scope: 'control' })
      .catch((e: unknown) => e)) as HostError;
    expect(error).toBeInstanceOf(HostError);
    expect(error.code).toBe('bad_request');
    expect(error.message).toContain('sku');
    expect(error.details).toBeInstanceOf(Array);
  });

  it('refuses a method the token scope does not allow', async () => {
    await expect(
      dispatcher.call('catalog.getProduct', { sku: 'X' }, { transport: 'ws', scope: 'overlay' }),
    ).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('refuses two handlers for one method', () => {
    expect(() => dispatcher.register({ 'catalog.getProduct': () => ({}) as never })).toThrow(/Two handlers/);
  });
});
