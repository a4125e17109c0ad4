import { describe, expect, it } from 'vitest';
import { signWebhook, verifyWebhook } from '../../../electron/core/features/cards/outputs/webhook-signature';

describe('webhook signatures (Standard Webhooks)', () => {
  it('matches the published test vector', () => {
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const signature = signWebhook(secret, 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, '{"test": 2432232314}');
    expect(signature).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
    expect(verifyWebhook(secret, { id: 'msg_p5jXN8AQM9LWM0D4loKWxJek', timestamp: '1614265330', signature: `v1,bad ${signature}` }, '{"test": 2432232314}')).toBe(true);
    expect(verifyWebhook(secret, { id: 'msg_p5jXN8AQM9LWM0D4loKWxJek', timestamp: '1614265330', signature }, '{"test": 2432232315}')).toBe(false);
  });
});
