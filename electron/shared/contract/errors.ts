import { fillTemplate } from '../template';
import { errorTexts, type ErrorKey, type ErrorParams } from './error-texts';

export { errorTexts, type ErrorKey, type ErrorParams, type ErrorText } from './error-texts';

/**
 * Typed errors shared by every transport. `code` is the transport class (HTTP status); `key` names the exact
 * error in error-texts.ts, whose English template with `params` gives `message` (for REST clients and logs),
 * while the UI translates `key` + `params` itself; `details` carries structured data (zod issues, OBS codes...).
 */
export const errorCodes = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  unknown_method: 404,
  conflict: 409,
  invalid_state: 409,
  payload_too_large: 413,
  unavailable: 503,
  timeout: 504,
  internal: 500,
} as const;

export type ErrorCode = keyof typeof errorCodes;

export interface ErrorBody {
  code: ErrorCode;
  message: string;
  /** Absent only in bodies from hosts older than the error registry. */
  key?: string;
  params?: Record<string, string | number>;
  details?: unknown;
}

/** The English text of a registered error. */
export function englishErrorText(key: ErrorKey, params: ErrorParams = {}): string {
  return fillTemplate(errorTexts[key].en, params);
}

export class HostError extends Error {
  readonly code: ErrorCode;
  /** A key of errorTexts; a string only when the body came from a host that does not know it. */
  readonly key: ErrorKey | (string & {});
  readonly params: ErrorParams;

  constructor(
    key: ErrorKey,
    params: ErrorParams = {},
    readonly details?: unknown,
  ) {
    super(englishErrorText(key, params));
    this.name = 'HostError';
    this.key = key;
    this.code = errorTexts[key].code;
    this.params = params;
  }

  toBody(): ErrorBody {
    const body: ErrorBody = { code: this.code, message: this.message, key: this.key, params: { ...this.params } };
    if (this.details !== undefined) body.details = this.details;
    return body;
  }

  /** Rebuilds an error received over a transport, keeping the code and message exactly as sent. */
  static fromBody(body: ErrorBody): HostError {
    const known = body.key !== undefined && body.key in errorTexts;
    const error = new HostError(known ? (body.key as ErrorKey) : 'host.internal', body.params ?? { reason: body.message }, body.details);
    return Object.assign(error, { code: body.code, message: body.message, key: body.key ?? 'host.internal' });
  }
}

export function httpStatusOf(code: ErrorCode): number {
  return errorCodes[code] ?? 500;
}

export function isErrorBody(value: unknown): value is ErrorBody {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as ErrorBody).code === 'string' &&
    typeof (value as ErrorBody).message === 'string'
  );
}
