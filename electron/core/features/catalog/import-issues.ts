import type { ImportIssue } from '../../../shared/contract/catalog';
import { fillTemplate } from '../../../shared/template';
import catalogTexts from '../../../../locales/en/catalog.json';

/** What can be wrong in an imported file; the UI says each in its language (locales/<lang>/catalog.json, issue.<code>). */
export type IssueCode = keyof typeof catalogTexts.issue;
export type IssueParams = Record<string, string | number>;

/** An import problem with its code and parameters, and the English message the API returns. */
export function importIssue(row: number, column: string, code: IssueCode, params: IssueParams = {}): ImportIssue {
  return { row, column, code, params, message: fillTemplate(catalogTexts.issue[code], params) };
}
