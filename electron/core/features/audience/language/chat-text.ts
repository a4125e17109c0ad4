/**
 * What a chat line is made of, before any statistics: its letters per script, with links, mentions,
 * emojis, digits and punctuation left out. Detectors trained on prose are lost on "😍😍 $25??", and a
 * script alone often settles the language (Han -> Chinese, Arabic letters -> Arabic).
 */
export interface ChatTextShape {
  /** The letters and the spaces between words, lower-cased: what a statistical detector should see. */
  words: string;
  letters: number;
  han: number;
  kana: number;
  hangul: number;
  arabic: number;
  latin: number;
  /** Letters only Vietnamese uses among the languages the studio meets (ơ ư ă đ and the stacked tone marks). */
  vietnamese: number;
  /** ¿ or ¡: only Spanish opens a question or an exclamation. */
  spanishOpening: boolean;
}

const link = /\b(?:https?:\/\/|www\.)\S+/giu;
const mention = /[@#][\p{L}\p{N}_.]+/gu;
const notLetter = /[^\p{L}\p{M}\s]+/gu;
const letter = /\p{L}/gu;
const han = /\p{Script=Han}/gu;
const kana = /[\p{Script=Hiragana}\p{Script=Katakana}]/gu;
const hangul = /\p{Script=Hangul}/gu;
const arabic = /\p{Script=Arabic}/gu;
const latin = /\p{Script=Latin}/gu;
// Latin Extended Additional (U+1EA0-U+1EF9: ạ ả ấ ầ ẩ ẫ ậ ắ ằ ... ỹ) holds Vietnamese's tone-marked vowels.
const vietnameseLetters = /[ơưăđ\u1EA0-\u1EF9]/gu;

const count = (text: string, pattern: RegExp): number => text.match(pattern)?.length ?? 0;

export function chatTextShape(text: string): ChatTextShape {
  const stripped = text.normalize('NFC').replace(link, ' ').replace(mention, ' ');
  const words = stripped.replace(notLetter, ' ').replace(/\s+/gu, ' ').trim().toLowerCase();
  const shape: ChatTextShape = {
    words,
    letters: 0,
    han: 0,
    kana: 0,
    hangul: 0,
    arabic: 0,
    latin: 0,
    vietnamese: 0,
    spanishOpening: /[¿¡]/u.test(stripped),
  };
  shape.han = count(words, han);
  shape.kana = count(words, kana);
  shape.hangul = count(words, hangul);
  shape.arabic = count(words, arabic);
  shape.latin = count(words, latin);
  shape.vietnamese = count(words, vietnameseLetters);
  shape.letters = count(words, letter);
  return shape;
}
