/**
 * Standard consumption-tax rates (VAT, GST, IVA, consumption tax) per market, each with the day it applies
 * from. Rates change (a temporary cut, a step up): a new period is appended, never an old one edited, so a
 * card drawn for any day uses the rate of that day. Reduced rates (food, books) are set on the product's price
 * (its `vatRate`), since they depend on what is sold. Check against the EC's TEDB and the tax office before a
 * release: sources are beside each rate (checked 2026-11).
 */
export interface VatPeriod {
  /** Percent, such as 19 or 5.5. */
  readonly rate: number;
  /** The first day (ISO date, inclusive) the rate applies. */
  readonly validFrom: string;
  readonly source: string;
}

export const vatRates: Readonly<Record<string, readonly VatPeriod[]>> = {
  GB: [{ rate: 20, validFrom: '2011-01-04', source: 'VAT Act 1994 s.2, as amended by Finance (No. 2) Act 2010' }],
  DE: [
    { rate: 19, validFrom: '2007-01-01', source: 'UStG §12(1)' },
    // The COVID-19 cut: 16% for the second half of 2020, then back to 19%.
    { rate: 16, validFrom: '2020-07-01', source: 'UStG §28(1), Zweites Corona-Steuerhilfegesetz' },
    { rate: 19, validFrom: '2021-01-01', source: 'UStG §12(1)' },
  ],
  FR: [{ rate: 20, validFrom: '2014-01-01', source: 'CGI art. 278' }],
  ES: [{ rate: 21, validFrom: '2012-09-01', source: 'Ley 37/1992 art. 90, Real Decreto-ley 20/2012' }],
  IT: [{ rate: 22, validFrom: '2013-10-01', source: 'DPR 633/1972 art. 16' }],
  NL: [{ rate: 21, validFrom: '2012-10-01', source: 'Wet OB 1968 art. 9' }],
  CN: [{ rate: 13, validFrom: '2019-04-01', source: 'MOF/STA/GACC Announcement 2019 No. 39; VAT Law 2024 art. 10 (from 2026-01-01)' }],
  MX: [{ rate: 16, validFrom: '2010-01-01', source: 'Ley del IVA art. 1' }],
  ID: [
    { rate: 11, validFrom: '2022-04-01', source: 'UU 7/2021 (HPP) art. 7' },
    // The rate became 12% on 1 Jan 2025, but for all goods other than luxury goods the base is 11/12 of the price
    // (PMK 131/2024 art. 3): the tax a consumer pays stays 11%. Luxury goods carry 12% on their price.
  ],
  VN: [
    { rate: 10, validFrom: '2009-01-01', source: 'Law on VAT 13/2008/QH12 art. 8' },
    // The 2-point cut for most goods taxed at 10% (not telecoms, finance, real estate, metals, excise goods):
    // Resolution 43/2022/QH15 ... Resolution 204/2025/QH15 (1 Jul 2025 to 31 Dec 2026), Law on VAT 48/2024/QH15.
    { rate: 8, validFrom: '2025-07-01', source: 'Resolution 204/2025/QH15, Decree 174/2025/ND-CP' },
    { rate: 10, validFrom: '2027-01-01', source: 'Law on VAT 48/2024/QH15 art. 9 (end of the cut)' },
  ],
  // 10% by statute, 7% by royal decree renewed each year since 1992.
  TH: [{ rate: 7, validFrom: '1992-01-01', source: 'Revenue Code s.80; the royal decree renewing 7% each year' }],
  PH: [{ rate: 12, validFrom: '2006-02-01', source: 'NIRC s.106, RA 9337' }],
  SG: [
    { rate: 7, validFrom: '2007-07-01', source: 'GST Act s.16' },
    { rate: 8, validFrom: '2023-01-01', source: 'GST (Amendment) Act 2022; IRAS' },
    { rate: 9, validFrom: '2024-01-01', source: 'GST (Amendment) Act 2022; IRAS' },
  ],
  JP: [
    { rate: 8, validFrom: '2014-04-01', source: 'Consumption Tax Act art. 29 (incl. 1.7% local)' },
    // 8% remains the reduced rate for food and newspapers: set it on those products.
    { rate: 10, validFrom: '2019-10-01', source: 'Consumption Tax Act art. 29 (incl. 2.2% local)' },
  ],
  KR: [{ rate: 10, validFrom: '1977-07-01', source: 'Value-Added Tax Act art. 30' }],
  SA: [
    { rate: 5, validFrom: '2018-01-01', source: 'KSA VAT Law, Royal Decree M/113' },
    { rate: 15, validFrom: '2020-07-01', source: 'Royal Order A/638 (ZATCA)' },
  ],
  AE: [{ rate: 5, validFrom: '2018-01-01', source: 'Federal Decree-Law No. 8 of 2017 art. 3' }],
};
