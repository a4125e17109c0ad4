import type { Worker } from 'node:worker_threads';
import { startWorker } from '../../../workers/start-worker';
import { detectLanguages, loadLanguageDetector } from './detect-language';
import type { LanguageReply, LanguageRequest } from './language-worker';

/**
 * The chat's language detection on its own thread (language-worker.ts), a batch of lines per call.
 * Started when a session goes live (warm) or with the first lines, so a host that never hears a comment
 * never loads the profiles (about a second; lines that come first wait for them). Should the thread
 * fail, detection goes on in the host's thread (the same detector, loaded there), reported once.
 */
export class LanguageThread {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, { texts: string[]; resolve(languages: (string | null)[]): void }>();
  private nextId = 1;
  private failed = false;
  private stopped = false;
  private loadErrorReported = false;

  constructor(
    private readonly report: (message: string) => void,
    /** The thread to start (the language worker; a test hands in one that fails). */
    private readonly startThread: () => Worker = () => startWorker('language-worker'),
  ) {}

  /** Starts the thread and its loading now, so the first comments need not wait for it. */
  warm(): void {
    if (!this.failed && !this.stopped) this.worker ??= this.start();
  }

  detect(texts: string[]): Promise<(string | null)[]> {
    if (this.failed || this.stopped) return this.inThread(texts);
    const worker = (this.worker ??= this.start());
    const id = this.nextId++;
    return new Promise((resolve) => {
      // Referenced only while it has work: an idle thread does not keep the process alive.
      if (this.pending.size === 0) worker.ref();
      this.pending.set(id, { texts, resolve });
      worker.postMessage({ id, texts } satisfies LanguageRequest);
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    const worker = this.worker;
    this.worker = null;
    this.settleInThread();
    await worker?.terminate();
  }

  private start(): Worker {
    const worker = this.startThread();
    worker.unref();
    worker.on('message', (reply: LanguageReply) => {
      const waiting = this.pending.get(reply.id);
      if (!waiting) return;
      this.pending.delete(reply.id);
      if (this.pending.size === 0) worker.unref();
      if (reply.loadError && !this.loadErrorReported) {
        this.loadErrorReported = true;
        this.report(`The chat language detector could not load: ${reply.loadError}. Comments get no language, except by their script.`);
      }
      waiting.resolve(reply.languages);
    });
    const fail = (why: string) => {
      if (this.stopped || this.failed) return;
      this.failed = true;
      this.worker = null;
      this.report(`The chat's language thread ${why}: languages are now detected in the host's thread.`);
      this.settleInThread();
    };
    worker.on('error', (error) => fail(`failed (${error.message})`));
    worker.on('exit', (code) => fail(`stopped (exit code ${code})`));
    return worker;
  }

  /** Lines still waiting for the thread are answered here instead: none is lost or left hanging. */
  private settleInThread(): void {
    const waiting = [...this.pending.values()];
    this.pending.clear();
    for (const { texts, resolve } of waiting) void this.inThread(texts).then(resolve);
  }

  private async inThread(texts: string[]): Promise<(string | null)[]> {
    await loadLanguageDetector().catch(() => undefined);
    return detectLanguages(texts);
  }
}
