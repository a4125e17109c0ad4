/**
 * Does a chat line look like a question? Chat rarely punctuates, so besides question marks in every
 * script (`?` `？` `¿` `؟`) each language's own markers count: Chinese sentence-final particles
 * (吗 呢 吧 么), Indonesian/Malay `apakah` and the `-kah` suffix, Vietnamese `không`/`chưa`/`sao`
 * at the end, Arabic `هل` at the start, and a few question words at the start of the line (English,
 * Spanish, Indonesian, Vietnamese, Arabic), and "how much" words anywhere in the line. Markers of a language apply when the detector named that
 * language or could not tell (`null`): a short line is often undetected.
 *
 * False positives cost little (a host skips a line in the queue), missed questions cost an unanswered
 * viewer: the rules lean towards "question". One kind of false positive is common enough to rule out:
 * praise that opens with a question word ("qué bonito", "what a lovely mug", "how cute", "ما أجمل").
 */

const questionMarks = /[?？¿؟⸮]/u;

/** Trailing things that do not end a sentence: spaces, emoji, closing brackets and quotes, `~`, `!`, `.`. */
const trailing = /(?:[\s)"'」』）~～!！.。…]|\p{Extended_Pictographic}|\u200d|\ufe0f)+$/u;

/** Start-of-line question words, per base language (lower case; matched as whole words). */
const leadingWords: Record<string, readonly string[]> = {
  en: ['how', 'what', 'where', 'when', 'why', 'who', 'which', 'whats', "what's", 'can', 'could', 'do', 'does', 'did', 'is', 'are', 'will', 'would', 'any', 'anyone'],
  es: ['cuánto', 'cuanto', 'cuánta', 'cuanta', 'cuántos', 'cuantos', 'cómo', 'como', 'dónde', 'donde', 'cuál', 'cual', 'cuándo', 'cuando', 'qué', 'por qué', 'hay', 'tienen', 'tiene', 'puedo', 'se puede'],
  id: ['apa', 'apakah', 'berapa', 'bagaimana', 'gimana', 'kapan', 'dimana', 'di mana', 'mana', 'siapa', 'kenapa', 'mengapa', 'bisa', 'boleh', 'ada'],
  ms: ['apa', 'apakah', 'berapa', 'bagaimana', 'bila', 'di mana', 'mana', 'siapa', 'kenapa', 'mengapa', 'boleh', 'ada'],
  vi: ['bao nhiêu', 'bao giờ', 'tại sao', 'vì sao', 'làm sao', 'ở đâu', 'có', 'ai', 'mấy'],
  ar: ['هل', 'كم', 'ماذا', 'متى', 'أين', 'اين', 'كيف', 'لماذا', 'ما', 'من', 'أي', 'ايش', 'شو'],
};

/**
 * Exclamations that open with a question word, per base language: the word, then praise ("qué bonito",
 * "what a lovely mug", "how cute", "ما أجمل"). Such a line is not asked by its first word; a question
 * word further on ("qué bonito, cuánto cuesta") or a question mark still make it a question. Lower case.
 */
const exclamations: Record<string, RegExp> = {
  es: /^qu[eé]\s+(?:bonit|lind|bell|hermos|precios[oa]|guap|chul|padre\b|ric[oa]s?\b|genial|bien\b|maravill|monad|delicad|elegante|suave|pena\b|suerte|ganas)/u,
  en: /^(?:what\s+an?\s|(?:what|how)\s+(?:lovely|beautiful|nice|pretty|cute|gorgeous|amazing|cool|sweet|adorable|elegant|wonderful)\b)/u,
  ar: /^ما\s+(?:أجمل|اجمل|أحلى|احلى|أروع|اروع|ألطف|الطف|أحسن|احسن)(?!\p{L})/u,
};

/** End-of-line particles and words, per base language. */
const trailingWords: Record<string, readonly string[]> = {
  vi: ['không', 'ko', 'khong', 'chưa', 'chua', 'sao', 'gì', 'gi', 'nào', 'nao', 'hả', 'ạ không', 'đâu', 'nhỉ'],
  id: ['kah', 'ya', 'gak', 'nggak', 'tidak', 'belum'],
  ms: ['kah', 'tak', 'ke'],
  en: ['right', 'anyone'],
};

/**
 * Question words that ask wherever they stand (chat puts the product first: "giá bao nhiêu vậy shop",
 * "harganya berapa kak"), per base language; matched as whole words.
 */
const anywhereWords: Record<string, readonly string[]> = {
  vi: ['bao nhiêu', 'bao giờ', 'tại sao', 'vì sao', 'làm sao', 'ở đâu', 'mấy giờ'],
  id: ['berapa', 'gimana', 'bagaimana', 'kapan'],
  ms: ['berapa', 'bagaimana', 'bila'],
  en: ['how much', 'how many', 'how long'],
  es: ['cuánto', 'cuánta', 'cuántos', 'cuántas'],
};

/** Chinese (and Japanese か) sentence-final question particles. */
const cjkFinal = /[吗嗎呢吧么麼嘛か]$/u;

/** `bisakah`, `berapakah`, `adakah`: Indonesian/Malay question suffix on the first word. */
const kahSuffix = /^\p{L}{2,}kah(?![\p{L}\p{N}])/u;

function baseLanguage(language: string | null): string | null {
  return language ? language.toLowerCase().split('-')[0]! : null;
}

function applies(base: string | null, languages: readonly string[]): boolean {
  return base === null || languages.includes(base);
}

function startsWithWord(line: string, word: string): boolean {
  if (!line.startsWith(word)) return false;
  const next = line.slice(word.length, word.length + 1);
  return next === '' || !/[\p{L}\p{N}]/u.test(next);
}

function endsWithWord(line: string, word: string): boolean {
  if (!line.endsWith(word)) return false;
  const before = line.slice(0, line.length - word.length).slice(-1);
  return before === '' || !/[\p{L}\p{N}]/u.test(before);
}

export function looksLikeQuestion(text: string, language: string | null): boolean {
  if (questionMarks.test(text)) return true;
  const line = text.normalize('NFC').toLowerCase().replace(trailing, '').trim();
  if (line.length === 0) return false;
  const base = baseLanguage(language);

  if (applies(base, ['zh', 'ja', 'yue']) && cjkFinal.test(line)) return true;
  if (applies(base, ['id', 'ms']) && kahSuffix.test(line)) return true;

  for (const [lang, words] of Object.entries(leadingWords)) {
    if (!applies(base, [lang])) continue;
    if (exclamations[lang]?.test(line)) continue;
    // Without a detected language, only the unambiguous words of each language count: "is", "como",
    // "có", "ada"... are too common at the start of statements elsewhere.
    const candidates = base === null ? words.filter((w) => !ambiguousWithoutLanguage.has(w)) : words;
    if (candidates.some((word) => startsWithWord(line, word))) return true;
  }
  for (const [lang, words] of Object.entries(trailingWords)) {
    if (!applies(base, [lang])) continue;
    const candidates = base === null ? words.filter((w) => !ambiguousWithoutLanguage.has(w)) : words;
    if (candidates.some((word) => endsWithWord(line, word))) return true;
  }
  for (const [lang, words] of Object.entries(anywhereWords)) {
    if (applies(base, [lang]) && words.some((word) => containsWord(line, word))) return true;
  }
  return false;
}

function containsWord(line: string, word: string): boolean {
  for (let at = line.indexOf(word); at !== -1; at = line.indexOf(word, at + 1)) {
    const before = line.slice(at - 1, at);
    const after = line.slice(at + word.length, at + word.length + 1);
    if (!/[\p{L}\p{N}]/u.test(before) && !/[\p{L}\p{N}]/u.test(after)) return true;
  }
  return false;
}

const ambiguousWithoutLanguage = new Set([
  'is', 'are', 'do', 'does', 'did', 'can', 'could', 'will', 'would', 'any', 'right', 'who',
  'como', 'cuando', 'donde', 'hay', 'tiene', 'tienen', 'qué',
  'apa', 'ada', 'bisa', 'boleh', 'mana', 'ya', 'gak', 'tidak', 'belum', 'tak', 'ke', 'kah',
  'có', 'ai', 'mấy', 'sao', 'gi', 'nao', 'ko', 'đâu',
  'ما', 'من',
]);
