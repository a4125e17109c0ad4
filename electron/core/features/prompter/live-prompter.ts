import { randomUUID } from 'node:crypto';
import { HostError } from '../../../shared/contract';
import type { CueProduct, PrompterLane, PrompterSpeed, PrompterState, Script } from '../../../shared/contract/prompter';
import {
  advance,
  anchorsPassed,
  comparePositions,
  isAtEnd,
  lintScript,
  offsetOf,
  parseScript,
  segmentWords,
  totalLength,
  type AlignedCue,
  type PromptPosition,
  type ScriptLint,
} from '../../../shared/prompter';
import type { HostContext } from '../../context';
import { actionFor, cueProducts, runCueAction, type CueActionResult } from './cue-actions';

/** How often the host advances the position and publishes it while playing (about one 60 Hz frame). */
export const tickMs = 16;
/** A lead-lane report further than this from the host's position (in words) moves the host's position. */
const reportToleranceWords = 2;

export type VersionPickedBy = 'host' | 'first' | 'alternate';

interface LoadedScript {
  /** The stored script, its `variants` replaced by the loaded version's (what the lanes read). */
  script: Script;
  /** The A/B version loaded, and how it was picked. */
  version: string;
  pickedBy: VersionPickedBy;
  leadLanguage: string;
  lint: ScriptLint;
  cues: AlignedCue[];
  words: number[];
  /** Pixel length of each stretch in the lead lane, once it reported its layout for this revision. */
  px: number[] | null;
  /** The product each card and deal cue names (by cue id), looked up in the catalog after loading. */
  products: Map<string, CueProduct>;
}

interface LaneEntry {
  lane: PrompterLane;
  clientId: string | null;
}

export type JumpTarget =
  | { cueId: string }
  | { cueIndex: number }
  | { mark: string }
  | { position: PromptPosition }
  | { to: 'start' | 'end' | 'next' | 'previous' | 'nextMark' | 'previousMark' };

/**
 * The live prompter. The host owns the position ({cueIndex, fraction}) and advances it by its own
 * clock at the speed, converted onto the lead variant (words, or the lead lane's pixels for px/s).
 * Every lane renders from the published position; cues fire once when the lead reaches them.
 *
 * Jumps (FORMAT.md, "Cues and jumps"): a cue at or after the landing point fires when it reaches the
 * reading line, the cue a jump lands on included (it fires as the text moves on from it); cues a jump
 * goes past do not fire and are listed as skipped until they fire by hand (fireCue) or a jump back
 * puts them ahead again.
 */
export class LivePrompter {
  private loaded: LoadedScript | null = null;
  private speed: PrompterSpeed;
  private playing = false;
  private rehearsal = false;
  private anchorPos: PromptPosition = { cueIndex: 0, fraction: 0 };
  private anchorAt: number;
  private countdownUntil: number | null = null;
  private elapsedBefore = 0;
  private lastTickPos: PromptPosition = { cueIndex: 0, fraction: 0 };
  private readonly fired = new Set<string>();
  /** Cues a jump went past before they fired. */
  private readonly skipped = new Set<string>();
  /** The cue a jump landed on, not yet read: it fires when the text next moves (after any countdown). */
  private landingCueId: string | null = null;
  /** Cue action outcomes are published in the order the cues fired, whatever each action takes. */
  private actionsPublished: Promise<void> = Promise.resolve();
  private readonly lanes = new Map<string, LaneEntry>();
  private reportingLaneId: string | null = null;
  private timer: NodeJS.Timeout | null = null;
  private seq = 0;

  constructor(private readonly ctx: HostContext) {
    this.speed = { unit: 'wpm', value: ctx.settings.section('prompter').wordsPerMinute };
    this.anchorAt = ctx.now();
  }

  stop(): void {
    this.stopTimer();
  }

  // ----- state -----

  state(now = this.ctx.now()): PrompterState {
    const l = this.loaded;
    const timeline = this.timeline();
    return {
      scriptId: l?.script.id ?? null,
      title: l?.script.title ?? '',
      version: l?.version ?? null,
      versionPickedBy: l?.pickedBy ?? null,
      productId: l?.script.productId ?? null,
      leadLanguage: l?.leadLanguage ?? 'en',
      revision: l?.script.updatedAt ?? 0,
      playing: this.playing,
      rehearsal: this.rehearsal,
      speed: { ...this.speed },
      position: this.positionAt(now),
      at: now,
      countdownUntil: this.countdownUntil,
      elapsedMs: this.elapsedAt(now),
      timeline,
      rate: this.rate(),
      cues: (l?.cues ?? []).map((c) => ({
        id: c.id,
        type: c.type,
        argument: c.argument,
        fired: this.fired.has(c.id),
        skipped: this.skipped.has(c.id),
        product: l?.products.get(c.id) ?? null,
      })),
      lanes: [...this.lanes.values()].map((e) => e.lane),
    };
  }

  private timeline(): PrompterState['timeline'] {
    const l = this.loaded;
    if (!l) return { unit: 'words', lengths: [0] };
    if (this.speed.unit === 'pxs' && l.px) return { unit: 'px', lengths: l.px };
    return { unit: 'words', lengths: l.words };
  }

  /** Timeline units per second. px/s before the lead lane reported its layout uses a typical line. */
  private rate(): number {
    if (this.speed.unit === 'wpm') return this.speed.value / 60;
    if (this.loaded?.px) return this.speed.value;
    const { fontSizePx, lineHeight } = this.ctx.settings.section('prompter');
    const wordsPerLine = 8;
    return (this.speed.value * wordsPerLine) / (fontSizePx * lineHeight);
  }

  private lengths(): number[] {
    return this.timeline().lengths;
  }

  private movingSince(): number {
    return Math.max(this.anchorAt, this.countdownUntil ?? 0);
  }

  positionAt(now: number): PromptPosition {
    if (!this.playing || !this.loaded) return { ...this.anchorPos };
    const seconds = Math.max(0, now - this.movingSince()) / 1000;
    return advance(this.anchorPos, seconds * this.rate(), this.lengths());
  }

  private elapsedAt(now: number): number {
    return this.elapsedBefore + (this.playing ? Math.max(0, now - this.movingSince()) : 0);
  }

  /** Fixes the current position as the new anchor (before any change of speed, timeline or script). */
  private reanchor(now: number): void {
    const pos = this.positionAt(now);
    if (this.playing) this.elapsedBefore = this.elapsedAt(now);
    this.anchorPos = pos;
    if (this.countdownUntil !== null && now < this.countdownUntil) {
      this.anchorAt = this.countdownUntil;
    } else {
      this.countdownUntil = null;
      this.anchorAt = now;
    }
  }

  private requireScript(): LoadedScript {
    if (!this.loaded) throw new HostError('prompter.not_loaded');
    return this.loaded;
  }

  // ----- scripts -----

  /** Loads `version` of the script (a name it has: the feature resolves what the host asked for). */
  load(
    script: Script,
    version: string,
    pickedBy: VersionPickedBy,
    leadLanguage: string | undefined,
    rehearsal: boolean | undefined,
    reason: 'load' | 'session' = 'load',
  ): PrompterState {
    const view = versionView(script, version);
    const lead = leadLanguage ?? script.leadLanguage;
    if (!(lead in view.variants)) {
      throw new HostError('prompter.lead_variant_missing', { language: lead, languages: Object.keys(view.variants).join(', ') });
    }
    const now = this.ctx.now();
    if (this.playing) this.pause('unloaded');
    this.loaded = this.prepare(view, version, pickedBy, lead);
    this.fired.clear();
    this.skipped.clear();
    this.landingCueId = null;
    this.anchorPos = { cueIndex: 0, fraction: 0 };
    this.lastTickPos = this.anchorPos;
    this.anchorAt = now;
    this.countdownUntil = null;
    this.elapsedBefore = 0;
    if (rehearsal !== undefined) this.rehearsal = rehearsal;
    this.publishLoaded(reason);
    void this.refreshProducts();
    return this.changed();
  }

  /** The loaded version, how it was picked and whether the text is moving (null with no script). */
  loadedVersion(): { scriptId: string; version: string; pickedBy: VersionPickedBy; leadLanguage: string; playing: boolean } | null {
    const l = this.loaded;
    return l ? { scriptId: l.script.id, version: l.version, pickedBy: l.pickedBy, leadLanguage: l.leadLanguage, playing: this.playing } : null;
  }

  /** Logs which version of which script is in the prompter (at load, after an edit, when a session starts). */
  publishLoaded(reason: 'load' | 'edited' | 'session'): void {
    const l = this.loaded;
    if (!l) return;
    this.ctx.bus.publish('prompter.loaded', {
      scriptId: l.script.id,
      title: l.script.title,
      version: l.version,
      languages: Object.keys(l.script.variants).sort(),
      leadLanguage: l.leadLanguage,
      pickedBy: l.pickedBy,
      reason,
      ...productOf(l),
    });
  }

  /** Looks up the products that card and deal cues name (again after the catalog or the deals change). */
  async refreshProducts(): Promise<void> {
    const l = this.loaded;
    if (!l) return;
    const products = await cueProducts(this.ctx, l.cues);
    if (this.loaded !== l) return;
    const same = products.size === l.products.size && [...products].every(([id, p]) => JSON.stringify(l.products.get(id)) === JSON.stringify(p));
    if (same) return;
    l.products = products;
    this.changed();
  }

  loadedScriptId(): string | null {
    return this.loaded?.script.id ?? null;
  }

  /** A stored script changed: keep the reader's place by cue id, keep which cues fired. */
  scriptChanged(script: Script | null): void {
    const l = this.loaded;
    if (!l) return;
    const now = this.ctx.now();
    if (!script) {
      if (this.playing) this.pause('unloaded');
      this.ctx.bus.publish('prompter.unloaded', { scriptId: l.script.id, version: l.version });
      this.loaded = null;
      this.changed();
      return;
    }
    this.reanchor(now);
    const anchorId = this.anchorPos.cueIndex > 0 ? l.cues[this.anchorPos.cueIndex - 1]?.id : undefined;
    // The version stays loaded under its name; when the name is gone but as many versions remain, it was
    // renamed (the one at its place); when one fewer remain, it was deleted and the first takes over.
    const position = l.script.versions.findIndex((v) => v.name === l.version);
    const kept =
      script.versions.find((v) => v.name.toLowerCase() === l.version.toLowerCase()) ??
      (script.versions.length === l.script.versions.length ? script.versions[position] : undefined);
    const version = kept?.name ?? script.versions[0]!.name;
    const view = versionView(script, version);
    const lead = view.variants[l.leadLanguage] !== undefined ? l.leadLanguage : script.leadLanguage;
    const next = this.prepare(view, version, kept ? l.pickedBy : 'first', lead);
    let cueIndex = Math.min(this.anchorPos.cueIndex, next.cues.length);
    if (anchorId !== undefined) {
      const found = next.cues.findIndex((c) => c.id === anchorId);
      if (found >= 0) cueIndex = found + 1;
    }
    next.products = l.products;
    this.loaded = next;
    this.anchorPos = { cueIndex, fraction: this.anchorPos.fraction };
    this.lastTickPos = this.anchorPos;
    for (const set of [this.fired, this.skipped]) for (const id of [...set]) if (!next.cues.some((c) => c.id === id)) set.delete(id);
    if (this.landingCueId !== null && next.cues[cueIndex - 1]?.id !== this.landingCueId) this.landingCueId = null;
    // Logged again only when what the log says about the version changed (not for every typo fixed).
    const said = (x: LoadedScript) => JSON.stringify([x.script.title, x.version, Object.keys(x.script.variants).sort(), x.leadLanguage]);
    if (said(l) !== said(next)) this.publishLoaded('edited');
    void this.refreshProducts();
    this.changed();
  }

  private prepare(script: Script, version: string, pickedBy: VersionPickedBy, lead: string): LoadedScript {
    const lint = lintScript(script.variants, lead);
    const words = segmentWords(parseScript(script.variants[lead] ?? '').doc);
    return { script, version, pickedBy, leadLanguage: lead, lint, cues: lint.cues, words, px: null, products: new Map() };
  }

  // ----- transport -----

  play(countdown: boolean): PrompterState {
    const l = this.requireScript();
    if (this.playing) return this.state();
    const now = this.ctx.now();
    if (isAtEnd(this.anchorPos, this.lengths())) {
      this.anchorPos = { cueIndex: 0, fraction: 0 };
      this.landingCueId = null;
    }
    const seconds = countdown ? this.ctx.settings.section('prompter').countdownSeconds : 0;
    this.countdownUntil = seconds > 0 ? now + seconds * 1000 : null;
    this.anchorAt = now;
    this.playing = true;
    this.lastTickPos = this.anchorPos;
    this.ctx.bus.publish('prompter.started', {
      scriptId: l.script.id,
      title: l.script.title,
      speed: this.speed,
      rehearsal: this.rehearsal,
      ...productOf(l),
    });
    this.startTimer();
    return this.changed();
  }

  pause(reason: 'user' | 'end' | 'cue' | 'unloaded' = 'user', at?: PromptPosition): PrompterState {
    if (!this.playing || !this.loaded) return this.state();
    const now = this.ctx.now();
    this.elapsedBefore = this.elapsedAt(now);
    this.anchorPos = at ?? this.positionAt(now);
    this.anchorAt = now;
    this.playing = false;
    this.countdownUntil = null;
    this.stopTimer();
    this.ctx.bus.publish('prompter.paused', { scriptId: this.loaded.script.id, reason, position: this.anchorPos, ...productOf(this.loaded) });
    return this.changed();
  }

  setSpeed(change: { unit?: 'wpm' | 'pxs'; value?: number; delta?: number }): PrompterState {
    const unit = change.unit ?? this.speed.unit;
    const base = unit === this.speed.unit ? this.speed.value : unit === 'wpm' ? this.ctx.settings.section('prompter').wordsPerMinute : 60;
    const limits = unit === 'wpm' ? [20, 600] : [5, 3000];
    let value = change.value ?? base + (change.delta ?? 0);
    if (change.value !== undefined && (value < limits[0]! || value > limits[1]!)) {
      throw new HostError('prompter.speed_out_of_range', { value, unit, min: limits[0]!, max: limits[1]! });
    }
    value = Math.min(limits[1]!, Math.max(limits[0]!, Math.round(value * 10) / 10));
    const previous = { ...this.speed };
    if (previous.unit === unit && previous.value === value) return this.state();
    this.reanchor(this.ctx.now());
    this.speed = { unit, value };
    this.ctx.bus.publish('prompter.speed.changed', { speed: this.speed, previous });
    return this.changed();
  }

  setRehearsal(rehearsal: boolean): PrompterState {
    this.rehearsal = rehearsal;
    return this.changed();
  }

  rearm(cueIds?: string[]): PrompterState {
    if (cueIds === undefined) {
      this.fired.clear();
      this.skipped.clear();
    } else {
      for (const id of cueIds) {
        this.fired.delete(id);
        this.skipped.delete(id);
      }
    }
    return this.changed();
  }

  /** Fires a cue's action now, by hand, whether it fired before or not (the cue list's "Fire now"). */
  async fireCue(cueId: string): Promise<CueActionResult & { state: PrompterState }> {
    const l = this.requireScript();
    const cue = l.cues.find((c) => c.id === cueId);
    if (!cue) throw new HostError('prompter.cue_not_found', { cueId });
    if (!actionFor(cue)) {
      throw new HostError('prompter.cue_without_action', { cueType: cue.type });
    }
    if (this.rehearsal) {
      throw new HostError('prompter.rehearsal_no_fire');
    }
    const outcome = await this.fire(cue, l, 'hand');
    return { ...outcome, state: this.state() };
  }

  jump(target: JumpTarget): PrompterState {
    const l = this.requireScript();
    const now = this.ctx.now();
    const from = this.positionAt(now);
    const to = this.resolveJump(target, from, l);
    this.reanchor(now);
    this.markJumpedOver(from, to, l);
    this.anchorPos = to;
    this.lastTickPos = to;
    this.landingCueId = to.fraction === 0 && to.cueIndex > 0 ? (l.cues[to.cueIndex - 1]?.id ?? null) : null;
    const name = Object.keys(target)[0]!;
    this.ctx.bus.publish('prompter.jumped', { from, to, target: `${name}:${JSON.stringify(Object.values(target)[0])}` });
    this.publishPosition(now);
    return this.changed();
  }

  /**
   * Cues from the landing point on are ahead again (a jump back re-offers a skipped cue to the reading
   * line); cues a forward jump goes past without having fired become skipped. The cue the jump lands
   * on is not past: it fires when the text moves on.
   */
  private markJumpedOver(from: PromptPosition, to: PromptPosition, l: LoadedScript): void {
    for (const id of [...this.skipped]) {
      const anchor = l.cues.findIndex((c) => c.id === id) + 1;
      if (comparePositions({ cueIndex: anchor, fraction: 0 }, to) >= 0) this.skipped.delete(id);
    }
    // A cue the previous jump landed on and that was never read counts as passed from before it.
    const landed = this.landingAnchor(l);
    const start = landed !== null ? beforeAnchor(landed) : from;
    for (const anchor of anchorsPassed(start, to)) {
      if (anchor === to.cueIndex && to.fraction === 0) continue;
      const cue = l.cues[anchor - 1];
      if (cue && actionFor(cue) && !this.fired.has(cue.id)) this.skipped.add(cue.id);
    }
  }

  private landingAnchor(l: LoadedScript): number | null {
    if (this.landingCueId === null) return null;
    const index = l.cues.findIndex((c) => c.id === this.landingCueId);
    return index >= 0 ? index + 1 : null;
  }

  private resolveJump(target: JumpTarget, from: PromptPosition, l: LoadedScript): PromptPosition {
    const n = l.cues.length;
    const at = (index: number): PromptPosition => ({ cueIndex: Math.min(n, Math.max(0, index)), fraction: 0 });
    if ('cueIndex' in target) {
      if (target.cueIndex > n) throw new HostError('prompter.cue_index_past_end', { field: 'cueIndex', cueIndex: target.cueIndex, last: n });
      return at(target.cueIndex);
    }
    if ('position' in target) {
      if (target.position.cueIndex > n) throw new HostError('prompter.cue_index_past_end', { field: 'position.cueIndex', cueIndex: target.position.cueIndex, last: n });
      return { cueIndex: target.position.cueIndex, fraction: target.position.fraction };
    }
    if ('cueId' in target) {
      const index = l.cues.findIndex((c) => c.id === target.cueId);
      if (index < 0) throw new HostError('prompter.cue_not_found', { cueId: target.cueId });
      return at(index + 1);
    }
    if ('mark' in target) {
      const id = this.findMark(target.mark, l);
      if (id === null) throw new HostError('prompter.mark_not_found', { mark: target.mark });
      return at(l.cues.findIndex((c) => c.id === id) + 1);
    }
    const marks = l.cues.map((c, i) => (c.type === 'mark' ? i + 1 : -1)).filter((i) => i > 0);
    const lengths = this.lengths();
    // "Previous" goes to the start of the current stretch, or the one before when already near its start.
    const nearStart = offsetOf(from, lengths) - offsetOf(at(from.cueIndex), lengths) < (this.timeline().unit === 'px' ? 40 : 1.5);
    switch (target.to) {
      case 'start':
        return at(0);
      case 'end':
        return { cueIndex: n, fraction: 1 };
      case 'next':
        return at(Math.min(n, from.cueIndex + 1));
      case 'previous':
        return at(nearStart ? from.cueIndex - 1 : from.cueIndex);
      case 'nextMark': {
        const next = marks.find((i) => i > from.cueIndex);
        if (next === undefined) throw new HostError('prompter.no_mark_after');
        return at(next);
      }
      case 'previousMark': {
        const limit = nearStart ? from.cueIndex : from.cueIndex + 1;
        const prev = [...marks].reverse().find((i) => i < limit);
        if (prev === undefined) throw new HostError('prompter.no_mark_before');
        return at(prev);
      }
    }
  }

  private findMark(text: string, l: LoadedScript): string | null {
    const wanted = text.trim().toLowerCase();
    const lead = l.cues.find((c) => c.type === 'mark' && (c.id === text || c.argument.toLowerCase() === wanted));
    if (lead) return lead.id;
    for (const source of Object.values(l.script.variants)) {
      const cue = parseScript(source).doc.cues.find((c) => c.type === 'mark' && c.argument.toLowerCase() === wanted);
      if (cue && l.cues.some((c) => c.id === cue.id)) return cue.id;
    }
    return null;
  }

  // ----- lanes -----

  joinLane(language: string, role: 'lead' | 'follower', clientId: string | null): { laneId: string; state: PrompterState } {
    const lane: PrompterLane = { laneId: randomUUID(), language, role, joinedAt: this.ctx.now() };
    this.lanes.set(lane.laneId, { lane, clientId });
    if (role === 'lead') this.reportingLaneId = lane.laneId;
    this.ctx.bus.publish('prompter.lane.joined', { laneId: lane.laneId, language, role });
    return { laneId: lane.laneId, state: this.changed() };
  }

  leaveLane(laneId: string): boolean {
    const entry = this.lanes.get(laneId);
    if (!entry) return false;
    this.lanes.delete(laneId);
    if (this.reportingLaneId === laneId) {
      this.reportingLaneId = [...this.lanes.values()].reverse().find((e) => e.lane.role === 'lead')?.lane.laneId ?? null;
    }
    this.ctx.bus.publish('prompter.lane.left', { laneId, language: entry.lane.language, role: entry.lane.role });
    this.changed();
    return true;
  }

  laneClient(laneId: string): string | null | undefined {
    return this.lanes.get(laneId)?.clientId;
  }

  clientDisconnected(clientId: string): void {
    for (const [laneId, entry] of this.lanes) if (entry.clientId === clientId) this.leaveLane(laneId);
  }

  /**
   * The lead lane's layout (pixels per stretch, for px/s) and reading line. While playing, the host adopts
   * the reader's position (moved on by the report's transit time) when it is more than a couple of words
   * away from its own: the cue then reaches the line the reader actually sees (a stalled page, say).
   */
  report(input: { laneId: string; revision: number; position?: PromptPosition; at?: number; segmentPx?: number[] }): boolean {
    const l = this.loaded;
    if (!l || input.laneId !== this.reportingLaneId || input.revision !== l.script.updatedAt) return false;
    const now = this.ctx.now();
    let accepted = false;
    if (input.segmentPx && input.segmentPx.length === l.words.length && totalLength(input.segmentPx) > 0) {
      const changed = !l.px || l.px.some((v, i) => Math.abs(v - input.segmentPx![i]!) > 0.5);
      if (changed) {
        this.reanchor(now);
        l.px = input.segmentPx;
        accepted = true;
        if (this.speed.unit === 'pxs') this.changed();
      }
    }
    if (input.position && input.position.cueIndex <= l.cues.length) {
      const host = this.positionAt(now);
      const counting = this.playing && (this.countdownUntil === null || now >= this.countdownUntil);
      // Where the reader's view is now: the reported position moved on by the time the report took.
      const transitMs = counting && input.at !== undefined ? Math.min(2000, Math.max(0, now - input.at)) : 0;
      const reported = advance(input.position, (transitMs / 1000) * this.rate(), this.lengths());
      const diff = Math.abs(offsetOf(reported, l.words) - offsetOf(host, l.words));
      if (counting && diff > reportToleranceWords) {
        const landed = this.landingAnchor(l);
        if (landed !== null && comparePositions(reported, { cueIndex: landed, fraction: 0 }) < 0) this.landingCueId = null;
        this.elapsedBefore = this.elapsedAt(now);
        this.anchorPos = reported;
        this.anchorAt = now;
        this.lastTickPos = this.anchorPos;
        this.publishPosition(now);
        accepted = true;
      }
    }
    return accepted;
  }

  // ----- the clock -----

  private startTimer(): void {
    this.stopTimer();
    this.timer = setInterval(() => this.tick(), tickMs);
    this.timer.unref?.();
  }

  private stopTimer(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Advances the host's position: cues passed fire, the end pauses, the position is published. */
  tick(now = this.ctx.now()): void {
    const l = this.loaded;
    if (!this.playing || !l) return;
    const pos = this.positionAt(now);
    const counting = this.countdownUntil === null || now >= this.countdownUntil;
    // The cue a jump landed on sits on the reading line: it is reached as the text moves on from it.
    const landed = counting ? this.landingAnchor(l) : null;
    if (counting) this.landingCueId = null;
    for (const anchor of anchorsPassed(landed !== null ? beforeAnchor(landed) : this.lastTickPos, pos)) {
      const cue = l.cues[anchor - 1];
      if (!cue) continue;
      const armed = this.rehearsal || !this.fired.has(cue.id);
      this.reach(cue, l);
      // A [[pause]] the reader jumped to does not stop the text again: play means "go on from here".
      if (cue.type === 'pause' && armed && anchor !== landed) {
        // [[pause]] stops the text with the cue on the reading line.
        this.lastTickPos = { cueIndex: anchor, fraction: 0 };
        this.pause('cue', { cueIndex: anchor, fraction: 0 });
        return;
      }
    }
    this.lastTickPos = pos;
    if (isAtEnd(pos, this.lengths())) {
      this.pause('end', pos);
      return;
    }
    this.publishPosition(now);
  }

  private reach(cue: AlignedCue, l: LoadedScript): void {
    const lanes = [...this.lanes.values()].map((e) => e.lane);
    const targets = lanes.some((lane) => lane.role === 'lead') ? lanes : [{ laneId: 'host', language: l.leadLanguage } as PrompterLane, ...lanes];
    for (const lane of targets) {
      if (!cue.languages.includes(lane.language) && lane.language !== l.leadLanguage) continue;
      this.ctx.bus.publish('prompter.cue.reached', {
        cueId: cue.id,
        cueType: cue.type,
        argument: cue.argument,
        lane: lane.laneId,
        language: lane.language,
        scriptId: l.script.id,
        ...productOf(l),
      });
    }
    if (this.fired.has(cue.id) || this.rehearsal) return;
    void this.fire(cue, l, 'reading-line');
  }

  /**
   * Marks the cue fired and runs its action. Actions run at once, side by side; their outcomes are
   * published in the order the cues fired, so once a later cue's outcome is out, every earlier one is.
   */
  private fire(cue: AlignedCue, l: LoadedScript, trigger: 'reading-line' | 'hand'): Promise<CueActionResult> {
    this.fired.add(cue.id);
    this.skipped.delete(cue.id);
    this.changed();
    const action = actionFor(cue);
    if (!action) return Promise.resolve({ result: 'done' });
    const running = runCueAction(this.ctx, action.method, action.input);
    const published = Promise.all([running, this.actionsPublished]).then(([outcome]) => {
      this.ctx.bus.publish('prompter.cue.action', {
        cueId: cue.id,
        cueType: cue.type,
        argument: cue.argument,
        result: outcome.result,
        ...(outcome.message !== undefined ? { message: outcome.message } : {}),
        trigger,
        ...productOf(l),
      });
      return outcome;
    });
    this.actionsPublished = published.then(
      () => undefined,
      () => undefined,
    );
    return published;
  }

  private publishPosition(now: number): void {
    const pos = this.positionAt(now);
    this.ctx.bus.publish(
      'prompter.position',
      {
        cueIndex: pos.cueIndex,
        fraction: pos.fraction,
        playing: this.playing,
        speed: this.speed,
        rate: this.rate(),
        at: now,
        seq: ++this.seq,
        countdownUntil: this.countdownUntil,
      },
      now,
    );
  }

  private changed(): PrompterState {
    const state = this.state();
    this.ctx.bus.publish('prompter.state.changed', state, state.at);
    return state;
  }
}

/** The script as one version shows it: `variants` are that version's language variants. */
function versionView(script: Script, version: string): Script {
  const found = script.versions.find((v) => v.name === version) ?? script.versions[0]!;
  return { ...script, variants: found.variants };
}

/** Just before an anchor: moving from here to the anchor passes it. */
function beforeAnchor(anchor: number): PromptPosition {
  return { cueIndex: anchor - 1, fraction: 1 };
}

function productOf(l: LoadedScript): { productId?: string } {
  return l.script.productId ? { productId: l.script.productId } : {};
}
