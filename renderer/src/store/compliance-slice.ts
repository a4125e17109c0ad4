import type { MethodInput, MethodOutput } from '../../../electron/shared/contract';
import type { HostClient } from '../transport';
import type { Slice } from './types';

type Packs = MethodOutput<'compliance.packs'>['packs'];
type CustomTerms = MethodOutput<'compliance.customTerms'>['terms'];

export interface ComplianceSlice {
  /** The rule packs the host loaded (Settings > Compliance lists them); null until loaded. */
  compliancePacks: Packs | null;
  loadCompliancePacks(): Promise<void>;
  /** The user's own terms; kept in the settings (settings.compliance.customTerms), saved through the compliance feature. */
  setCustomTerms(terms: MethodInput<'compliance.setCustomTerms'>['terms']): Promise<CustomTerms>;
  checkCompliance(input: MethodInput<'compliance.check'>): Promise<MethodOutput<'compliance.check'>>;
  /** What session.start would check for a market (the Start dialog shows it before the host presses Start). */
  preflight(input: MethodInput<'compliance.preflight'>): Promise<MethodOutput<'compliance.preflight'>>;
}

export const createComplianceSlice =
  (client: HostClient): Slice<ComplianceSlice> =>
  (set) => ({
    compliancePacks: null,
    async loadCompliancePacks() {
      set({ compliancePacks: (await client.call('compliance.packs')).packs });
    },
    async setCustomTerms(terms) {
      return (await client.call('compliance.setCustomTerms', { terms })).terms;
    },
    checkCompliance: (input) => client.call('compliance.check', input),
    preflight: (input) => client.call('compliance.preflight', input),
  });
