import { describe, expect, it } from 'vitest';
import { cleanTerms, compileTerms, Moderation } from '../../../electron/core/features/audience/moderation';

describe('keyword moderation', () => {
  it('matches Latin-script terms as whole words, whatever their case or width', () => {
    const m = compileTerms(['scam', 'fake shop']);
    expect(m.match('This is a SCAM!')).toBe('scam');
    expect(m.match('ｓｃａｍ')).toBe('scam');
    expect(m.match('what a fake shop, really')).toBe('fake shop');
    expect(m.match('scampi for dinner')).toBeNull();
    expect(m.match('a fake shopper')).toBeNull();
  });

  it('matches words with accents and other scripts with spaces as whole words too', () => {
    const m = compileTerms(['estafa', 'мошенник', 'احتيال']);
    expect(m.match('¡es una estafa!')).toBe('estafa');
    expect(m.match('estafador')).toBeNull();
    expect(m.match('он мошенник')).toBe('мошенник');
    expect(m.match('هذا احتيال')).toBe('احتيال');
  });

  it('matches Chinese, Japanese and Thai terms anywhere in the text (no spaces between words there)', () => {
    const m = compileTerms(['骗子', 'サギ', 'โกง']);
    expect(m.match('这家店是骗子吗')).toBe('骗子');
    expect(m.match('これはサギだ')).toBe('サギ');
    expect(m.match('ร้านนี้โกงลูกค้า')).toBe('โกง');
    expect(m.match('这家店很好')).toBeNull();
  });

  it('applies the terms of every market (*) and of the session market only', () => {
    const mod = new Moderation({ '*': ['spam'], DE: ['betrug'], US: ['fraud'] });
    expect(mod.match('spam here', 'US')).toBe('spam');
    expect(mod.match('spam here', null)).toBe('spam');
    expect(mod.match('reiner Betrug', 'DE')).toBe('betrug');
    expect(mod.match('reiner Betrug', 'US')).toBeNull();
    expect(mod.match('fraud', null)).toBeNull();
    mod.replace('DE', []);
    expect(mod.all()).toEqual({ '*': ['spam'], US: ['fraud'] });
    expect(mod.match('reiner Betrug', 'DE')).toBeNull();
  });

  it('cleans what a user typed: trimmed, no empty or repeated terms', () => {
    expect(cleanTerms([' Spam ', 'spam', '', 'SPAM', 'scam'])).toEqual(['Spam', 'scam']);
  });
});
