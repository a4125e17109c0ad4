/**
 * Words the host puts into a message as parameters (a deal's state, a session's status, an OS error
 * code): each list holds every value with its English word. The host's English text keeps the raw
 * value (REST clients and logs read it as before); the UI says the word in its language from
 * `terms.<list>.<value>` in locales/<lang>/errors.json (a unit test keeps both files complete).
 */
export const errorTerms = {
  dealState: {
    scheduled: 'scheduled',
    countdown: 'in countdown',
    live: 'live',
    ended: 'ended',
    'sold-out': 'sold out',
    cancelled: 'cancelled',
  },
  sessionStatus: { live: 'live', ended: 'ended', interrupted: 'interrupted' },
  /** What a hotkey or button tried while no session was live (session.none_live). */
  sessionAction: { end: 'end', mark: 'mark', note: 'note' },
  /** What could not be written (session.cannot_write). */
  sessionWrite: { 'end the session': 'end the session', 'save the note': 'save the note' },
  obsOutput: { Streaming: 'Streaming', Recording: 'Recording' },
  speedUnit: { wpm: 'wpm', pxs: 'px/s' },
  /** Why the link to OBS closed, as the connection says it (obs.state_lost_reconnecting, obs.connection_lost). */
  obsCloseReason: {
    'OBS was closed': 'OBS was closed',
    'OBS stopped or the network dropped': 'OBS stopped or the network dropped',
    'OBS stopped answering; the link was half-open': 'OBS stopped answering; the link was half-open',
    'OBS did not finish loading': 'OBS did not finish loading',
    'Connection settings changed.': 'Connection settings changed.',
    'Stopped.': 'Stopped.',
    'the connection dropped': 'the connection dropped',
  },
  /**
   * What a Shopify discount's userErrors `code` means (DiscountErrorCode): the deal panel says it in the
   * UI language and keeps Shopify's own message beside it.
   */
  shopifyDiscountError: {
    BLANK: "a required field of the discount is empty",
    INVALID: "a value of the discount is not valid for the shop",
    TAKEN: "the code is already used by another discount in this shop",
    TOO_LONG: "a value of the discount is too long",
    TOO_SHORT: "a value of the discount is too short",
    GREATER_THAN: "a value of the discount is too small",
    GREATER_THAN_OR_EQUAL_TO: "a value of the discount is too small",
    LESS_THAN: "a value of the discount is too large (a discount above the product's price?)",
    LESS_THAN_OR_EQUAL_TO: "a value of the discount is too large (a discount above the product's price?)",
    CONFLICT: "two settings of the discount contradict each other",
    EXCEEDED_MAX: "the shop has reached the most discounts it may have",
    DUPLICATE: "the discount lists something twice",
    INCLUSION: "a value of the discount is not one the shop accepts",
  },
  /** Which chat announcement a template is for (platform.template_*). */
  announcementMoment: { pin: 'pin', dealStart: 'deal start', dealLastMinute: 'deal last minute', dealEnd: 'deal end' },
  /** The type an input field should have (zod's `expected`). */
  valueType: {
    string: 'a text',
    number: 'a number',
    int: 'a whole number',
    boolean: 'true or false',
    object: 'an object',
    array: 'a list',
    record: 'an object',
    null: 'null',
    date: 'a date',
    literal: 'a fixed value',
  },
  /**
   * System error codes (Node's `error.code`, SQLite's): said as what they mean. Unlike the other
   * lists, the value is in the param `<name>Code` beside the English `<name>` it stands for.
   */
  osError: {
    ENOENT: 'no such file or folder',
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    ENOSPC: 'no space left on the disk',
    EDQUOT: 'disk quota exceeded',
    EEXIST: 'it already exists',
    ENOTDIR: 'a part of the path is not a folder',
    EISDIR: 'it is a folder',
    EROFS: 'the disk is read-only',
    EBUSY: 'it is in use by another program',
    EMFILE: 'too many open files',
    ENAMETOOLONG: 'the name is too long',
    EIO: 'the disk reported a read or write error',
    ECONNRESET: 'the connection was reset',
    SQLITE_FULL: 'the disk is full',
    SQLITE_READONLY: 'the database is read-only',
    SQLITE_IOERR: 'the disk reported a read or write error',
    SQLITE_BUSY: 'the database is locked by another program',
    SQLITE_CANTOPEN: 'the database file cannot be opened',
    SQLITE_CORRUPT: 'the database file is damaged',
    SQLITE_NOTADB: 'the file is not a database',
  },
} as const satisfies Record<string, Record<string, string>>;

export type TermList = keyof typeof errorTerms;

/** Params of a system error for a message's `<name>` slot: its English text, and its code when it has a word. */
export function systemErrorParams(error: unknown, name = 'reason'): Record<string, string> {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown } | null)?.code;
  // SQLite's extended codes (SQLITE_IOERR_WRITE) mean what their primary code means.
  const known = typeof code === 'string' ? [code, code.replace(/^(SQLITE_[A-Z]+)_.*$/, '$1')].find((c) => c in errorTerms.osError) : undefined;
  return known ? { [name]: message, [`${name}Code`]: known } : { [name]: message };
}
