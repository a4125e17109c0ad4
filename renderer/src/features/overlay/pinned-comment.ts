import type { EventPayload } from '../../../../electron/shared/contract';
import { el } from './dom';

type PinnedComment = EventPayload<'chat.pinned'>['comment'];

/** The comment the host pinned on stream: the author's display name and the text, above the card. */
export class PinnedCommentView {
  // Each comment takes its own direction (an Arabic one has its accent bar on the right).
  readonly element = el('aside', { className: 'pinned-comment', 'data-testid': 'overlay-comment', dir: 'auto', hidden: '' });
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
