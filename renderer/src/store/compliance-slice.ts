import type { EventPayload, MethodInput, MethodOutput } from '../../../electron/shared/contract';
import { HostError } from '../../../electron/shared/contract/errors';
import type { DisclosureState } from '../../../electron/shared/contract/compliance';
import type { HostClient } from '../transport';
import type { EventHandler, Slice } from './types';

type Packs = MethodOutput<'compliance.packs'>['packs'];
type CustomTerms = MethodOutput<'compliance.customTerms'>['terms'];
type DisclosureMarkets = MethodOutput<'compliance.disclosures'>['markets'];
type Refusal = EventPayload<'compliance.refused'>;

export interface ComplianceSlice {
  /** The rule packs the host loaded (Settings > Compliance lists them); null until loaded. */
  compliancePacks: Packs | null;
  loadCompliancePacks(): Promise<void>;
  /** The user's own terms; kept in the settings (settings.compliance.customTerms), saved through the compliance feature. */
  setCustomTerms(terms: MethodInput<'compliance.setCustomTerms'>['terms']): Promise<CustomTerms>;
  checkCompliance(input: MethodInput<'compliance.check'>): Promise<MethodOutput<'compliance.check'>>;
  /** What session.start would check for a market (the Start dialog shows it before the host presses Start). */
  preflight(input: MethodInput<'compliance.preflight'>): Promise<MethodOutput<'compliance.preflight'>>;
  /** The live session's disclosure reminder (markets whose rules ask to disclose during the live); null until loaded. */
  disclosure: DisclosureState | null;
  loadDisclosure(): Promise<void>;
  /** The host made the disclosure: logged in the session (from: live). */
  acknowledgeDisclosure(reminderId: string): Promise<void>;
  /** Markets with a disclosure reminder, with the studio's choices (Settings > Compliance); null until loaded. */
  disclosureMarkets: DisclosureMarkets | null;
  loadDisclosureMarkets(): Promise<void>;
  /** The latest card pinned or deal started mid-live with warnings for its market (shown on the Live page until dismissed). */
  complianceFlag: EventPayload<'compliance.flagged'> | null;
  dismissComplianceFlag(): void;
  /**
   * A pin or deal start refused mid-live for rules of its market, from whatever asked (a click, a cue, a
   * REST client), until the host goes ahead with a reason or lets it be. `asking`: the reason dialog is open.
   */
  complianceRefusal: (Refusal & { asking: boolean }) | null;
  /** The caller saw the refusal in its error (details are the event's payload): ask for the reason at once. */
  askRefusalReason(refusal: Refusal): void;
  dismissRefusal(): void;
  /** Pins the card or starts the deal with the host's reason (logged as compliance.flagged). */
  overrideRefusal(reason: string): Promise<void>;
}

/** The refusal in a card.pin / deal.start error (card.refused_compliance, deal.refused_compliance), or null. */
export function refusalOf(error: unknown): Refusal | null {
  if (!(error instanceof HostError) || (error.key !== 'card.refused_compliance' && error.key !== 'deal.refused_compliance')) return null;
  const details = error.details as Partial<Refusal> | undefined;
  return details && typeof details.refusalId === 'string' && Array.isArray(details.findings) ? (details as Refusal) : null;
}

export const createComplianceSlice =
  (client: HostClient): Slice<ComplianceSlice> =>
  (set, get) => ({
    compliancePacks: null,
    complianceRefusal: null,
    askRefusalReason: (refusal) => set({ complianceRefusal: { ...refusal, asking: true } }),
    dismissRefusal: () => set({ complianceRefusal: null }),
    async overrideRefusal(reason) {
      const refusal = get().complianceRefusal;
      if (!refusal) return;
      if (refusal.what === 'card') await get().pin({ productId: refusal.productId, market: refusal.market, overrideReason: reason });
      else await get().startDeal({ dealId: refusal.dealId!, overrideReason: reason });
      set({ complianceRefusal: null });
    },
    disclosure: null,
    disclosureMarkets: null,
    complianceFlag: null,
    dismissComplianceFlag: () => set({ complianceFlag: null }),
    async loadDisclosure() {
      set({ disclosure: await client.call('compliance.disclosureState') });
    },
    async acknowledgeDisclosure(reminderId) {
      set({ disclosure: await client.call('compliance.acknowledgeDisclosure', { reminderId, from: 'live' }) });
    },
    async loadDisclosureMarkets() {
      set({ disclosureMarkets: (await client.call('compliance.disclosures')).markets });
    },
    async loadCompliancePacks() {
      set({ compliancePacks: (await client.call('compliance.packs')).packs });
    },
    async setCustomTerms(terms) {
      return (await client.call('compliance.setCustomTerms', { terms })).terms;
    },
    checkCompliance: (input) => client.call('compliance.check', input),
    preflight: (input) => client.call('compliance.preflight', input),
  });

export const onComplianceEvent: EventHandler = (event, set, get) => {
  if (event.name === 'compliance.disclosureState') set({ disclosure: event.payload });
  // Warnings the host has not seen yet; an override was typed by the host who already read the findings.
  else if (event.name === 'compliance.flagged' && event.payload.overrideReason === null) set({ complianceFlag: event.payload });
  else if (event.name === 'compliance.refused') {
    // The caller may have opened the reason dialog for this one already (its error can come first).
    if (get().complianceRefusal?.refusalId !== event.payload.refusalId) set({ complianceRefusal: { ...event.payload, asking: false } });
  } else if (event.name === 'compliance.flagged') {
    // Someone went ahead with a reason (here or on another device): nothing is waiting any more.
    const waiting = get().complianceRefusal;
    if (waiting && waiting.productId === event.payload.productId && waiting.what === event.payload.what) set({ complianceRefusal: null });
  }
  // The choices are settings: the list in Settings follows them (only once it was loaded).
  else if (event.name === 'settings.changed' && get().disclosureMarkets !== null) void get().loadDisclosureMarkets().catch(() => {});
};
