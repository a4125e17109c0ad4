import type { EventPayload } from '../../../../electron/shared/contract';
import { el } from './dom';

type PinnedComment = EventPayload<'chat.pinned'>['comment'];

/** The comment the host pinned on stream: the author's display name and the text, above the card. */
export class PinnedCommentView {
  readonly element = el('aside', { className: 'pinned-comment', 'data-testid': 'overlay-comment', hidden: '' });
  private readonly author = el('div', { className: 'pinned-comment-author', 'data-testid': 'overlay-comment-author', dir: 'auto' });
  private readonly text = el('div', { className: 'pinned-comment-text', 'data-testid': 'overlay-comment-text', dir: 'auto' });
  private shownId: string | null = null;

  constructor() {
    this.element.append(this.author, this.text);
  }

  show(comment: PinnedComment): void {
    if (!comment) {
      this.shownId = null;
      this.element.hidden = true;
      delete this.element.dataset.id;
      return;
    }
    this.author.textContent = comment.authorName;
    this.text.textContent = comment.text;
    // The box takes the direction of the words (an Arabic comment has its accent bar on the right).
    this.element.dir = directionOf(comment.text);
    this.element.dataset.id = comment.id;
    // A newly pinned comment comes in again; the same one updated stays put.
    if (this.shownId !== comment.id) {
      this.element.hidden = true;
      void this.element.offsetWidth;
    }
    this.shownId = comment.id;
    this.element.hidden = false;
  }
}

/** The direction of a text by its first letter that has one (as dir="auto" does): Hebrew/Arabic script, or not. */
function directionOf(text: string): 'rtl' | 'ltr' {
  const first = /[\p{L}]/u.exec(text)?.[0] ?? '';
  return /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}]/u.test(first) ? 'rtl' : 'ltr';
}
