import { rule } from './validation-texts';
import { z } from 'zod';
import { event, method, noInput, ok } from './define';
import { languageTagPattern } from '../languages';
import { cueTypes } from '../prompter/types';

/** Teleprompter: localized scripts with cues, and the live prompter with its lanes. Format: shared/prompter/FORMAT.md. */

const languageTag = z.string().regex(languageTagPattern, rule('language_tag'));
const cueType = z.enum(cueTypes);
/** Scripts are text; a long show is a few hundred kilobytes per language. */
const scriptText = z.string().max(2_000_000, rule('script_too_long'));

/**
 * A/B testing of scripts: a script has one or more named VERSIONS (A, B, ...), each with its own text per
 * language. Not to be confused with `variants`, which throughout the prompter means the text of ONE
 * language (a language variant): a version is a set of language variants. Scripts stored before versions
 * existed have one version, "A". Versions are known by their name, unique in a script (case-insensitive).
 */
export const versionName = z
  .string()
  .trim()
  .regex(/^[\p{L}\p{N}][\p{L}\p{N} ._-]{0,39}$/u, rule('version_name'));
/** How prompter.load picks the version when the host names none: the first one, or alternating between sessions. */
export const versionPick = z.enum(['first', 'alternate']);
export type VersionPick = z.infer<typeof versionPick>;

export const scriptVersion = z.object({
  name: z.string(),
  /** This version's text of each language variant, keyed by language tag. */
  variants: z.record(z.string(), z.string()),
});
export type ScriptVersion = z.infer<typeof scriptVersion>;

export const scriptSummary = z.object({
  id: z.string(),
  title: z.string(),
  /** The product the script sells, if it belongs to one. */
  productId: z.string().nullable(),
  /** The rundown segment the script belongs to (free text), if any. */
  segmentId: z.string().nullable(),
  leadLanguage: z.string(),
  /** The languages of the first version (every version should have the same ones; the check says so). */
  languages: z.array(z.string()),
  /** The A/B versions' names, in order (at least one). */
  versions: z.array(z.string()),
  /** first: prompter.load without a version loads the first; alternate: the one the fewest sessions ran, in turn. */
  versionPick,
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
});
export type ScriptSummary = z.infer<typeof scriptSummary>;

export const script = scriptSummary.extend({
  /** The text of each language variant of the FIRST version (A), keyed by language tag: what older clients read. */
  variants: z.record(z.string(), z.string()),
  /** Every A/B version with its language variants, in order; `versions[0].variants` is `variants`. */
  versions: z.array(scriptVersion).min(1),
});
export type Script = z.infer<typeof script>;

export const diagnostic = z.object({
  severity: z.enum(['error', 'warning']),
  line: z.number().int(),
  column: z.number().int(),
  message: z.string(),
  language: z.string().optional(),
  /** What kind of problem (a code of shared/prompter/lint-texts.ts), with the values the message names: a UI says it in its language. */
  code: z.string(),
  params: z.record(z.string(), z.string()),
  /** For a compliance finding (code compliance_finding): the characters it covers, its rule, the rule's source, the market. */
  length: z.number().int().optional(),
  ruleId: z.string().optional(),
  source: z.string().optional(),
  market: z.string().optional(),
});
export type ScriptDiagnostic = z.infer<typeof diagnostic>;

export const scriptLint = z.object({
  leadLanguage: z.string(),
  diagnostics: z.record(z.string(), z.array(diagnostic)),
  missing: z.array(
    z.object({ language: z.string(), cueId: z.string(), type: cueType, argument: z.string(), presentIn: z.array(z.string()) }),
  ),
  cues: z.array(z.object({ id: z.string(), type: cueType, argument: z.string(), languages: z.array(z.string()) })),
  errorCount: z.number().int(),
  warningCount: z.number().int(),
  /**
   * Which cue targets the host could check (its lint only; the editor's local lint has none):
   * scene cues against OBS's scenes (not when OBS is not connected), card cues against the catalog,
   * deal cues against the deals.
   */
  targets: z
    .object({ scenes: z.enum(['checked', 'obs_not_connected', 'unavailable']), catalog: z.boolean(), deals: z.boolean() })
    .optional(),
  /** The markets the host checked the variants' compliance for (its lint only). */
  markets: z.array(z.string()).optional(),
});
export type ScriptLintResult = z.infer<typeof scriptLint>;

export const speed = z.discriminatedUnion('unit', [
  z.object({ unit: z.literal('wpm'), value: z.number().min(20).max(600) }),
  z.object({ unit: z.literal('pxs'), value: z.number().min(5).max(3000) }),
]);
export type PrompterSpeed = z.infer<typeof speed>;

export const position = z.object({
  /** Anchor 0 is the start, anchor i the lead variant's i-th cue: the stretch after that anchor. */
  cueIndex: z.number().int().min(0),
  /** How far along the stretch to the next anchor the reading line is, 0 to 1. */
  fraction: z.number().min(0).max(1),
});

export const lane = z.object({
  laneId: z.string(),
  language: z.string(),
  role: z.enum(['lead', 'follower']),
  joinedAt: z.number().int(),
});
export type PrompterLane = z.infer<typeof lane>;

/** What a [[card:...]] or [[deal:...]] cue shows instead of its raw argument: the product, named per language. */
export const cueProduct = z.object({ sku: z.string(), name: z.record(z.string(), z.string()) });
export type CueProduct = z.infer<typeof cueProduct>;

export const prompterCue = z.object({
  id: z.string(),
  type: cueType,
  argument: z.string(),
  /** Its action ran (at the reading line or by hand) since the script was loaded or re-armed. */
  fired: z.boolean(),
  /** A jump went past it before it fired: it will not fire by itself (prompter.fireCue fires it). */
  skipped: z.boolean(),
  /** The product a card or deal cue names, when the catalog (and the deal) know it. */
  product: cueProduct.nullable(),
});
export type PrompterCue = z.infer<typeof prompterCue>;

export const prompterState = z.object({
  scriptId: z.string().nullable(),
  title: z.string(),
  /** The A/B version loaded (its name), null with no script: lanes show this version's text. */
  version: z.string().nullable(),
  /** How it was picked: named by the host (prompter.load version), the first one, or by alternating between sessions. */
  versionPickedBy: z.enum(['host', 'first', 'alternate']).nullable(),
  productId: z.string().nullable(),
  leadLanguage: z.string(),
  /** Script revision (its updatedAt): lanes reload the text when it changes. */
  revision: z.number().int(),
  playing: z.boolean(),
  rehearsal: z.boolean(),
  speed,
  position,
  /** Host time (ms) the position was taken at; while playing, lanes extrapolate from it. */
  at: z.number(),
  /** While playing after a countdown: host time the text starts moving. */
  countdownUntil: z.number().nullable(),
  /** Playing time so far, in ms. */
  elapsedMs: z.number(),
  /**
   * How the speed maps onto the script: the length of each stretch between anchors, in lead words
   * (speed in wpm) or in pixels of the lead lane (speed in px/s).
   */
  timeline: z.object({ unit: z.enum(['words', 'px']), lengths: z.array(z.number().min(0)) }),
  /** Timeline units per second while playing (the speed converted onto the timeline). */
  rate: z.number().min(0),
  cues: z.array(prompterCue),
  lanes: z.array(lane),
});
export type PrompterState = z.infer<typeof prompterState>;

export const positionEvent = position.extend({
  playing: z.boolean(),
  speed,
  rate: z.number().min(0),
  at: z.number(),
  seq: z.number().int(),
  countdownUntil: z.number().nullable(),
});
export type PrompterPositionEvent = z.infer<typeof positionEvent>;

const jumpInput = z
  .object({
    cueId: z.string().optional(),
    cueIndex: z.number().int().min(0).optional(),
    /** A [[mark:...]] by its text in any language, or by its cue id. */
    mark: z.string().optional(),
    position: position.optional(),
    to: z.enum(['start', 'end', 'next', 'previous', 'nextMark', 'previousMark']).optional(),
  })
  .strict()
  .refine(
    (v) => [v.cueId, v.cueIndex, v.mark, v.position, v.to].filter((x) => x !== undefined).length === 1,
    rule('give_one_target'),
  );

const saveInput = z
  .object({
    id: z.string().optional(),
    title: z.string().trim().min(1, rule('script_title')).max(200),
    productId: z.string().max(100).nullable().optional(),
    segmentId: z.string().max(200).nullable().optional(),
    leadLanguage: languageTag,
    /** The language variants of the first version only (other versions are kept as stored). */
    variants: z.record(languageTag, scriptText).refine((v) => Object.keys(v).length > 0, rule('script_language')).optional(),
    /** Every A/B version (replaces the stored ones): give this or `variants`. */
    versions: z
      .array(
        z
          .object({
            name: versionName,
            variants: z.record(languageTag, scriptText).refine((v) => Object.keys(v).length > 0, rule('script_language')),
          })
          .strict(),
      )
      .min(1)
      .max(10)
      .refine((v) => new Set(v.map((x) => x.name.toLowerCase())).size === v.length, rule('version_names_unique'))
      .optional(),
    versionPick: versionPick.optional(),
  })
  .strict()
  .refine((v) => (v.variants === undefined) !== (v.versions === undefined), rule('give_variants_or_versions'));

export const prompterMethods = {
  'prompter.listScripts': method({
    summary: 'Stored scripts, optionally only those of a product or a rundown segment.',
    input: z.object({ productId: z.string().optional(), segmentId: z.string().optional() }).strict().default({}),
    output: z.object({ scripts: z.array(scriptSummary) }),
    mutates: false,
  }),
  'prompter.getScript': method({
    summary: 'One script with every language variant.',
    input: z.object({ id: z.string() }).strict(),
    output: script,
    mutates: false,
    scopes: ['follow'],
  }),
  'prompter.saveScript': method({
    summary: 'Create (no id) or replace a script; answers the stored script and its lint. Scripts with errors are kept.',
    input: saveInput,
    output: z.object({ script, lint: scriptLint }),
    mutates: true,
  }),
  'prompter.deleteScript': method({
    summary: 'Delete a script and every variant.',
    input: z.object({ id: z.string() }).strict(),
    output: ok,
    mutates: true,
  }),
  'prompter.importMarkdown': method({
    summary:
      'Import one language from a Markdown file (front matter optional) into a script, new or existing; into its first version unless the file (version: B) or the input names another (created if new).',
    input: z
      .object({
        scriptId: z.string().optional(),
        markdown: scriptText,
        language: languageTag.optional(),
        version: versionName.optional(),
        title: z.string().trim().min(1).max(200).optional(),
        productId: z.string().max(100).optional(),
        segmentId: z.string().max(200).optional(),
      })
      .strict(),
    output: z.object({ script, lint: scriptLint, language: z.string() }),
    mutates: true,
  }),
  'prompter.exportMarkdown': method({
    summary: 'One language of one version of a script (the first unless named) as a Markdown file, with front matter.',
    input: z.object({ scriptId: z.string(), language: languageTag, version: versionName.optional() }).strict(),
    output: z.object({ fileName: z.string(), markdown: z.string() }),
    mutates: false,
  }),
  'prompter.lint': method({
    summary:
      'Parse errors, cross-language cue checks, and cues that point at nothing (scenes OBS lacks, SKUs and deal codes that do not exist) for a stored script or for unsaved text.',
    input: z
      .object({
        scriptId: z.string().optional(),
        variants: z.record(languageTag, scriptText).optional(),
        leadLanguage: languageTag.optional(),
        /** Markets to check compliance for; by default Settings > Compliance (or the default market). */
        markets: z.array(z.string().regex(/^[A-Z]{2}$/, rule('market_code'))).max(20).optional(),
      })
      .strict()
      .refine((v) => (v.scriptId === undefined) !== (v.variants === undefined), rule('give_script_or_variants')),
    output: scriptLint,
    mutates: false,
  }),
  'prompter.load': method({
    summary:
      "Load a script into the prompter (paused at the start, every cue armed): the A/B version named, else as the script's versionPick says (the first, or alternating between sessions). Logged as prompter.loaded.",
    input: z
      .object({ scriptId: z.string(), version: versionName.optional(), leadLanguage: languageTag.optional(), rehearsal: z.boolean().optional() })
      .strict(),
    output: prompterState,
    mutates: true,
  }),
  'prompter.play': method({
    summary: 'Start scrolling, after the countdown from settings unless countdown is false.',
    input: z.object({ countdown: z.boolean().default(true) }).strict().default({ countdown: true }),
    output: prompterState,
    mutates: true,
  }),
  'prompter.pause': method({
    summary: 'Stop scrolling where the reading line is.',
    input: noInput,
    output: prompterState,
    mutates: true,
  }),
  'prompter.setSpeed': method({
    summary: 'Set the speed (wpm or px/s), or change it by a delta in the current unit.',
    input: z
      .object({ unit: z.enum(['wpm', 'pxs']).optional(), value: z.number().optional(), delta: z.number().min(-1000).max(1000).optional() })
      .strict()
      .refine((v) => (v.value === undefined) !== (v.delta === undefined), rule('give_value_or_delta')),
    output: prompterState,
    mutates: true,
  }),
  'prompter.jump': method({
    summary: 'Move the reading line to a cue (id or index), a mark, a position, or start/end/next/previous (mark).',
    input: jumpInput,
    output: prompterState,
    mutates: true,
  }),
  'prompter.state': method({
    summary: 'The live prompter: script, position, speed, cues (fired or armed), lanes.',
    input: noInput,
    output: prompterState,
    mutates: false,
    scopes: ['follow'],
  }),
  'prompter.rearm': method({
    summary: 'Arm cues again so they fire the next time they reach the reading line (all, or the ids given).',
    input: z.object({ cueIds: z.array(z.string()).optional() }).strict().default({}),
    output: prompterState,
    mutates: true,
  }),
  'prompter.fireCue': method({
    summary: "Fire a cue's action now, by hand (a cue a jump went past, or one to repeat). Answers how the action went.",
    input: z.object({ cueId: z.string() }).strict(),
    output: z.object({
      result: z.enum(['done', 'failed', 'unavailable']),
      message: z.string().optional(),
      state: prompterState,
    }),
    mutates: true,
  }),
  'prompter.setRehearsal': method({
    summary: 'Rehearsal mode: cues are reached and logged but fire no action.',
    input: z.object({ rehearsal: z.boolean() }).strict(),
    output: prompterState,
    mutates: true,
  }),
  'prompter.joinLane': method({
    summary: 'Join the prompter as a lane in a language. The lead lane (control only) reports the reading line.',
    input: z.object({ language: languageTag, role: z.enum(['lead', 'follower']).default('follower') }).strict(),
    output: z.object({ laneId: z.string(), state: prompterState }),
    mutates: true,
    scopes: ['follow'],
  }),
  'prompter.leaveLane': method({
    summary: 'Leave a lane (a WebSocket lane also leaves when it disconnects).',
    input: z.object({ laneId: z.string() }).strict(),
    output: ok,
    mutates: true,
    scopes: ['follow'],
  }),
  'prompter.report': method({
    summary: "The lead lane's reading line and layout, so the host's position follows what the reader sees.",
    input: z
      .object({
        laneId: z.string(),
        revision: z.number().int(),
        position: position.optional(),
        /** Host time (as the lane estimates it) the position was shown at; the host accounts for the time since. */
        at: z.number().optional(),
        /** Height in px of each stretch between anchors in the lead lane (for speeds in px/s). */
        segmentPx: z.array(z.number().min(0)).max(100_000).optional(),
      })
      .strict(),
    output: z.object({ accepted: z.boolean() }),
    mutates: true,
  }),
  'prompter.coHostLink': method({
    summary: 'A link and QR code for a co-host device: the prompter in one language with a follow-only token.',
    input: z.object({ language: languageTag }).strict(),
    output: z.object({ url: z.string(), qrSvg: z.string(), lanAccess: z.boolean() }),
    mutates: false,
  }),
};

const laneEvent = z.object({ laneId: z.string(), language: z.string(), role: z.enum(['lead', 'follower']) });

export const prompterEvents = {
  'prompter.position': event({
    summary: 'Where the reading line is (at most every frame; remote clients get the latest only).',
    payload: positionEvent,
    logged: false,
    coalesce: true,
    scopes: ['follow'],
  }),
  'prompter.state.changed': event({
    summary: 'The live prompter after a change (script loaded, play, pause, speed, jump, cue fired, lanes).',
    payload: prompterState,
    logged: false,
    scopes: ['follow'],
  }),
  'prompter.script.changed': event({
    summary: 'A stored script was saved or deleted.',
    payload: z.object({ scriptId: z.string(), updatedAt: z.number().int(), deleted: z.boolean() }),
    logged: false,
    scopes: ['follow'],
  }),
  'prompter.loaded': event({
    summary:
      'Which A/B version of which script is in the prompter: at load, when the loaded script is edited (languages, version renamed), and at the start or resume of a session for the script already loaded. Attribution and the review read it.',
    payload: z.object({
      scriptId: z.string(),
      title: z.string(),
      version: z.string(),
      languages: z.array(z.string()),
      leadLanguage: z.string(),
      pickedBy: z.enum(['host', 'first', 'alternate']),
      reason: z.enum(['load', 'edited', 'session']),
      productId: z.string().optional(),
    }),
    logged: true,
    scopes: ['follow'],
  }),
  'prompter.unloaded': event({
    summary: 'The loaded script left the prompter (it was deleted): no version is on air any more.',
    payload: z.object({ scriptId: z.string(), version: z.string() }),
    logged: true,
    scopes: ['follow'],
  }),
  'prompter.started': event({
    summary: 'The prompter started scrolling.',
    payload: z.object({ scriptId: z.string(), title: z.string(), speed, rehearsal: z.boolean(), productId: z.string().optional() }),
    logged: true,
    scopes: ['follow'],
  }),
  'prompter.paused': event({
    summary: 'The prompter stopped scrolling.',
    payload: z.object({ scriptId: z.string(), reason: z.enum(['user', 'end', 'cue', 'unloaded']), position, productId: z.string().optional() }),
    logged: true,
    scopes: ['follow'],
  }),
  'prompter.speed.changed': event({
    summary: 'The prompter speed changed.',
    payload: z.object({ speed, previous: speed }),
    logged: true,
    scopes: ['follow'],
  }),
  'prompter.cue.reached': event({
    summary: 'A cue reached the reading line, per lane.',
    payload: z.object({
      cueId: z.string(),
      cueType: cueType,
      argument: z.string(),
      lane: z.string(),
      language: z.string(),
      scriptId: z.string(),
      productId: z.string().optional(),
    }),
    logged: true,
    scopes: ['follow'],
  }),
  'prompter.jumped': event({
    summary: 'The reading line was moved by a jump.',
    payload: z.object({ from: position, to: position, target: z.string() }),
    logged: true,
    scopes: ['follow'],
  }),
  'prompter.lane.joined': event({ summary: 'A lane joined the prompter.', payload: laneEvent, logged: true }),
  'prompter.lane.left': event({ summary: 'A lane left the prompter.', payload: laneEvent, logged: true }),
  'prompter.cue.action': event({
    summary: "A cue's action ran (or could not): when it reached the lead lane's reading line, or fired by hand.",
    payload: z.object({
      cueId: z.string(),
      cueType: cueType,
      argument: z.string(),
      result: z.enum(['done', 'failed', 'unavailable']),
      message: z.string().optional(),
      /** reading-line: the cue reached the lead's reading line; hand: prompter.fireCue. */
      trigger: z.enum(['reading-line', 'hand']).optional(),
      productId: z.string().optional(),
    }),
    logged: true,
  }),
};
