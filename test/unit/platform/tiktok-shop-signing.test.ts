import { describe, expect, it } from 'vitest';
import { decimalFromMinor, tiktokSign, tiktokSignString } from '../../../electron/core/features/platform/adapters/tiktok-shop';
import { fakeTikTokSign } from '../../support/platforms/tiktok-shop';

// The vector from TikTok Shop's "Sign your API request" (platform-apis.md).
const secret = 'e59af819cc';
const path = '/authorization/202309/shops';
const query = { app_key: '29a39d', timestamp: '1623812664' };
const expected = 'b596b73e0cc6de07ac26f036364178ab16b0a907af13d43f0a0cd2345f582dc8';

describe('TikTok Shop request signing', () => {
  it('matches the published test vector', () => {
    expect(tiktokSignString(secret, path, query)).toBe('e59af819cc/authorization/202309/shopsapp_key29a39dtimestamp1623812664e59af819cc');
    expect(tiktokSign(secret, path, query)).toBe(expected);
  });

  it('leaves out sign, access_token and empty params, sorts keys, and appends the raw body', () => {
    const withExtras = { timestamp: '1623812664', sign: 'old', access_token: 'tok', app_key: '29a39d', page_token: '' };
    expect(tiktokSign(secret, path, withExtras)).toBe(expected);
    const body = '{"seller_skus":["TEA-1"]}';
    expect(tiktokSignString(secret, '/p', { b: '2', a: '1' }, body)).toBe(`${secret}/pa1b2${body}${secret}`);
  });

  it('the fake server computes the same signature on its own', () => {
    expect(fakeTikTokSign(secret, path, new URLSearchParams({ ...query, sign: 'x' }), '')).toBe(expected);
  });

  it('writes minor units as the decimal string TikTok wants', () => {
    expect(decimalFromMinor(1290, 2)).toBe('12.90');
    expect(decimalFromMinor(5, 2)).toBe('0.05');
    expect(decimalFromMinor(1500, 0)).toBe('1500');
    expect(decimalFromMinor(12345, 3)).toBe('12.345');
    expect(() => decimalFromMinor(-1, 2)).toThrow();
  });
});
