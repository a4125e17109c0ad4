import { describe, expect, it } from 'vitest';
import { looksLikeQuestion } from '../../../electron/core/features/audience/questions';

describe('looksLikeQuestion', () => {
  const questions: [string, string | null][] = [
    ['is it waterproof?', 'en'],
    ['这个多少钱？', 'zh-CN'],
    ['有红色的吗', 'zh-CN'],
    ['那个呢', 'zh-CN'],
    ['可以包邮吧~', 'zh-CN'],
    ['有红色的吗 😍', null],
    ['¿Tienen talla M', 'es'],
    ['cuánto cuesta el envío', 'es'],
    ['apakah ada warna merah', 'id'],
    ['bisakah kirim ke Bandung', 'id'],
    ['berapa harganya kak', 'id'],
    ['Có size M không', 'vi'],
    ['áo này còn màu đỏ chưa', 'vi'],
    ['bao nhiêu tiền vậy', 'vi'],
    ['هل يوجد توصيل', 'ar'],
    ['كم السعر؟', 'ar'],
    ['كم السعر', 'ar'],
    ['how much is shipping', null],
    ['is it waterproof', 'en'],
    // The product first, the question word after it.
    ['giá bao nhiêu vậy shop', 'vi'],
    ['harganya berapa kak', 'id'],
    ['the blue one how much', 'en'],
    ['el envío cuánto sale', 'es'],
    // Question words after praise, and praise-like openings that do ask.
    ['qué precio tiene', 'es'],
    ['qué precios tienen en México', 'es'],
    ['qué tan grande es', 'es'],
    ['qué bonito, cuánto cuesta', 'es'],
    ['qué bonito ¿hay en azul', 'es'],
    ['what a deal, is it still on?', 'en'],
    ['what colours do you have', 'en'],
    ['how long does shipping take', 'en'],
    ['ما هو السعر', 'ar'],
  ];
  for (const [text, language] of questions) {
    it(`sees a question in "${text}" (${language ?? 'language unknown'})`, () => {
      expect(looksLikeQuestion(text, language)).toBe(true);
    });
  }

  const statements: [string, string | null][] = [
    ['love this color', 'en'],
    ['is it waterproof', null], // "is" alone is too common to call a question without knowing the language
    ['这个很好看', 'zh-CN'],
    ['me encanta', 'es'],
    ['como siempre, genial', null],
    ['bagus sekali', 'id'],
    ['đẹp quá', 'vi'],
    ['شكرا', 'ar'],
    ['', null],
    ['👍👍', null],
    // Particles of one language do not count in another: Spanish "no" text ending in "ya" is not Indonesian.
    ['ya', 'es'],
    // A question word inside another word is not one.
    ['showmuchlove', 'en'],
    // Praise that opens with a question word (the demo chat's own "Qué bonito" was queued as a question).
    ['Qué bonito, me encanta el color', 'es'],
    ['qué lindo 😍', 'es'],
    ['Que bien, ya lo compré', 'es'],
    ['qué bonito', null],
    ['What a lovely mug!', 'en'],
    ['how cute', 'en'],
    ['ما أجمل هذا الوشاح', 'ar'],
  ];
  for (const [text, language] of statements) {
    it(`sees no question in "${text}" (${language ?? 'language unknown'})`, () => {
      expect(looksLikeQuestion(text, language)).toBe(false);
    });
  }
});
