/**
 * Viewers chatting on the demo YouTube and Twitch channels (`npm run fakes`): short lines in the studio's
 * six UI languages, about a third of them questions, written in a fixed order (the same run every time).
 */

export interface DemoChatLine {
  language: 'en' | 'zh-CN' | 'es' | 'id' | 'vi' | 'ar';
  author: string;
  text: string;
}

export const demoChatLines: readonly DemoChatLine[] = [
  { language: 'en', author: 'Emily', text: 'Hi from Leeds! Love the tea set' },
  { language: 'zh-CN', author: '小梅', text: '这个茶叶多少钱？' },
  { language: 'es', author: 'Lucía', text: '¿Hacéis envíos a Madrid?' },
  { language: 'id', author: 'Budi', text: 'Wah, warnanya cantik sekali' },
  { language: 'vi', author: 'Minh', text: 'Áo này có size L không?' },
  { language: 'ar', author: 'ليلى', text: 'كم سعر هذا الوشاح؟' },
  { language: 'en', author: 'Jack', text: 'Is the scarf real silk?' },
  { language: 'zh-CN', author: '阿强', text: '主播好，刚下单了两盒' },
  { language: 'es', author: 'Mateo', text: 'Qué bonito, me encanta el color' },
  { language: 'id', author: 'Sari', text: 'Apakah bisa kirim ke Surabaya?' },
  { language: 'vi', author: 'Lan', text: 'Đẹp quá, mình vừa đặt một cái' },
  { language: 'ar', author: 'عمر', text: 'شكرا على العرض، المنتج رائع' },
  { language: 'en', author: 'Priya', text: 'Just ordered one, can’t wait' },
  { language: 'zh-CN', author: '小梅', text: '可以寄到德国吗？' },
  { language: 'es', author: 'Lucía', text: 'Ya lo compré, ¡gracias!' },
  { language: 'id', author: 'Budi', text: 'Harganya berapa kak?' },
  { language: 'vi', author: 'Minh', text: 'Shop ơi, bao giờ có hàng lại?' },
  { language: 'ar', author: 'ليلى', text: 'هل يوجد لون أحمر؟' },
];

/** Each author's id on the platform: the same author keeps one id (moderation and "forget" go by it). */
export const demoChatAuthorId = (author: string): string => String(70_001 + demoChatLines.findIndex((l) => l.author === author));

export interface DemoChatter {
  stop(): void;
}

/**
 * Every `everyMs`, the next line of `demoChatLines` is said on one platform, then the next on the other
 * (YouTube, Twitch, YouTube...), so both chats fill at the same pace. Off unless started (the tests
 * that use the fakes say their own lines).
 */
export function startDemoChatter(everyMs: number, say: { youtube(line: DemoChatLine): void; twitch(line: DemoChatLine): void }): DemoChatter {
  let next = 0;
  const timer = setInterval(() => {
    const line = demoChatLines[next % demoChatLines.length]!;
    // Flipped each round of the lines, so every language is heard on both platforms.
    if ((next + Math.floor(next / demoChatLines.length)) % 2 === 0) say.youtube(line);
    else say.twitch(line);
    next += 1;
  }, everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
