import type { ChatMessage } from './contract/audience';
import { baseLanguage } from './languages';

/**
 * A comment belongs on a co-host lane when it is an open question in the lane's language, by base
 * language (es-MX on an es lane). The lane's side panel and the host's narrowing of the lane's chat
 * (chat.followQuestions) apply this one rule, so the host never holds back a message the panel would show.
 */
export function isLaneQuestion(message: Pick<ChatMessage, 'language' | 'question' | 'answered' | 'hidden'>, laneLanguage: string): boolean {
  return message.question && !message.answered && !message.hidden && message.language !== null && baseLanguage(message.language) === baseLanguage(laneLanguage);
}
