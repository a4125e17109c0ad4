import type { EventPayload, MethodInput, MethodOutput } from '../../../electron/shared/contract';
import type { ChatMessage } from '../../../electron/shared/contract/audience';
import type { DisclosureState } from '../../../electron/shared/contract/compliance';
import type { PrompterPositionEvent, PrompterState, Script } from '../../../electron/shared/contract/prompter';
import { hostClient, type HostClient, type LinkState } from '../transport';

/** The prompter commands a lead lane sends from its keys, wheel or clicker. */
/** "Pin this product in that platform's console": only the lead lane (control scope) hears these. */
export type LanePinHint = EventPayload<'platform.pinReminder'>;

/** A comment's flags changed (answered, hidden...), here or in the control room. */
export type LaneChatUpdate = EventPayload<'chat.updated'>;

export type LaneCommand = 'prompter.play' | 'prompter.pause' | 'prompter.setSpeed' | 'prompter.jump';

/**
 * What a prompter lane window (prompter.html) asks of the host and hears from it, as named actions. The
 * lane window has no studio store: it must stay small (400 KB budget, test/e2e/page-weight.spec.ts),
 * so it keeps its projection in its own hook (features/prompter/use-prompter-lane.ts) on top of these.
 */
export interface PrompterLane {
  /** Over WebSocket the host drops a lane when its link drops (the lane joins again); over IPC it stays. */
  readonly leavesOnDisconnect: boolean;
  join(language: string, role: 'lead' | 'follower'): Promise<MethodOutput<'prompter.joinLane'>>;
  /** Leaves quietly: the window is going away, nobody would see a failure. */
  leave(laneId: string): void;
  getScript(id: string): Promise<Script>;
  command<M extends LaneCommand>(method: M, input?: MethodInput<M>): Promise<void>;
  markMoment(): Promise<void>;
  /** The lead lane's layout and reading position (for speeds in px/s); a lost report is replaced by the next. */
  report(input: MethodInput<'prompter.report'>): void;
  onPrompter(listener: { position(event: PrompterPositionEvent): void; state(state: PrompterState): void }): () => void;
  onLinkState(listener: (state: LinkState) => void): () => void;
  onPinHint(listener: { hint(hint: LanePinHint): void; done(connectionId: string, productId: string): void }): () => void;
  /** The host pinned it in the platform's console: logged in the session (platform.pinDone). */
  pinDone(connectionId: string, productId: string): Promise<void>;
  /** The live session's disclosure reminder (US, UK...): what is waiting, as the host keeps it. */
  disclosureState(): Promise<DisclosureState>;
  onDisclosure(listener: (state: DisclosureState) => void): () => void;
  /** The host made the disclosure: logged in the session (compliance.disclosureAcknowledged, from: prompter). */
  acknowledgeDisclosure(reminderId: string): Promise<void>;
  /**
   * From now on this window hears only the comments that are open questions in a language (its base)
   * instead of the whole chat (chat.followQuestions). Per link: asked again after a reconnect.
   */
  followQuestions(language: string): Promise<void>;
  /** Unanswered questions in a language (its base: `es` also finds es-MX), as the host keeps them. */
  openQuestions(language: string): Promise<ChatMessage[]>;
  /** Marks a question answered from this lane (the control room hears chat.updated, by: lane). */
  answer(id: string): Promise<void>;
  onChat(listener: { message(message: ChatMessage): void; updated(update: LaneChatUpdate): void }): () => void;
}

export function createPrompterLane(client: HostClient): PrompterLane {
  return {
    leavesOnDisconnect: client.kind === 'ws',
    join: (language, role) => client.call('prompter.joinLane', { language, role }),
    leave(laneId) {
      void client.call('prompter.leaveLane', { laneId }).catch(() => {});
    },
    getScript: (id) => client.call('prompter.getScript', { id }),
    async command(method, input) {
      await client.call(method, input);
    },
    async markMoment() {
      await client.call('session.mark', {});
    },
    report(input) {
      void client.call('prompter.report', input).catch(() => {});
    },
    onPrompter(listener) {
      return client.onEvent((event) => {
        if (event.name === 'prompter.position') listener.position(event.payload);
        else if (event.name === 'prompter.state.changed') listener.state(event.payload);
      });
    },
    onLinkState: (listener) => client.onLinkState(listener),
    onPinHint(listener) {
      return client.onEvent((event) => {
        if (event.name === 'platform.pinReminder') listener.hint(event.payload);
        else if (event.name === 'platform.pinDone') listener.done(event.payload.connectionId, event.payload.productId);
      });
    },
    async pinDone(connectionId, productId) {
      await client.call('platform.pinDone', { connectionId, productId });
    },
    disclosureState: () => client.call('compliance.disclosureState'),
    onDisclosure(listener) {
      return client.onEvent((event) => {
        if (event.name === 'compliance.disclosureState') listener(event.payload);
      });
    },
    async acknowledgeDisclosure(reminderId) {
      await client.call('compliance.acknowledgeDisclosure', { reminderId, from: 'prompter' });
    },
    async followQuestions(language) {
      await client.call('chat.followQuestions', { language });
    },
    async openQuestions(language) {
      const { messages } = await client.call('chat.list', { limit: 200, questionsOnly: true, openOnly: true, language });
      return messages;
    },
    async answer(id) {
      await client.call('chat.answer', { id, answered: true });
    },
    onChat(listener) {
      return client.onEvent((event) => {
        if (event.name === 'chat.message') listener.message(event.payload);
        else if (event.name === 'chat.updated') listener.updated(event.payload);
      });
    },
  };
}

let lane: PrompterLane | null = null;

/** This window's lane link, created on first use with the window's host client. */
export function prompterLane(): PrompterLane {
  return (lane ??= createPrompterLane(hostClient()));
}
