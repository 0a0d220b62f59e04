import { checkBatch } from './client';
import { contentHash } from './hash';
import { IBatch, IBatchReply, ICellCheck, ISpan } from './types';

/** How a batch reaches the server; replaced in tests. */
export type BatchFetcher = (batch: IBatch) => Promise<IBatchReply>;

export interface ISpanFinderOptions {
  fetch?: BatchFetcher;
  /** Milliseconds to gather requests into one call. */
  delay?: number;
  /** Characters of text whose answers are kept. */
  cacheChars?: number;
  /** Characters of texts per call; more are sent in further calls. */
  batchChars?: number;
}

/** A notebook's changes since it last asked, as `NotebookFindings` sends them. */
export interface INotebookCheck {
  path: string;
  cells: ICellCheck[];
  metadata?: IBatch['metadata'];
  /** Texts its outputs will ask spans for: sent along, they cost no call of their own. */
  texts?: string[];
}

/** The longest a hold keeps texts back. */
const HOLD_MS = 3000;

interface IDeferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(reason: unknown): void;
}

function deferred<T>(): IDeferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((yes, no) => {
    resolve = yes;
    reject = no;
  });
  return { promise, resolve, reject };
}

/** The source of an nbformat cell as one text. */
export function sourceOf(cell: Record<string, unknown>): string {
  const source = cell.source;
  return Array.isArray(source) ? source.join('') : typeof source === 'string' ? source : '';
}

interface IQueuedCheck {
  check: INotebookCheck;
  answer: IDeferred<IBatchReply>;
}

/** One call: the batch and who waits for which part of its answer. */
interface ICall {
  batch: IBatch;
  texts: Map<string, IDeferred<ISpan[]>>;
  sources: Map<string, { id: string; answer: IDeferred<ISpan[]> }>;
  check?: IDeferred<IBatchReply>;
}

/**
 * Asks the server where the keys sit in texts, and for the findings of notebooks' changed
 * cells, in as few calls as it can: what editors, outputs and notebooks ask within a few
 * milliseconds goes in one call, a text already asked for waits for that answer, and answers
 * are remembered (a notebook's answer includes the spans of the sources it sent).
 */
export class SpanFinder {
  constructor(options: ISpanFinderOptions = {}) {
    this._fetch = options.fetch ?? checkBatch;
    this._delay = options.delay ?? 5;
    this._cacheChars = options.cacheChars ?? 4_000_000;
    this._batchChars = options.batchChars ?? 4_000_000;
  }

  /** The spans of `text`; an empty text has none and costs no call. */
  find(text: string): Promise<ISpan[]> {
    if (!text) {
      return Promise.resolve([]);
    }
    const known = this._cache.get(text);
    if (known) {
      // refresh its place in the least-recently-used order
      this._cache.delete(text);
      this._cache.set(text, known);
      return Promise.resolve(known);
    }
    return this._inflight.get(text) ?? this._enqueue(text);
  }

  /** Findings of a notebook's changed cells (and the spans of their sources), in the next call. */
  check(check: INotebookCheck): Promise<IBatchReply> {
    const answer = deferred<IBatchReply>();
    this._checks.push({ check, answer });
    for (const text of [...check.cells.map(c => sourceOf(c.cell)), ...(check.texts ?? [])]) {
      if (text && !this._cache.has(text) && !this._inflight.has(text)) {
        this._enqueue(text);
      }
    }
    this._schedule();
    return answer.promise;
  }

  /**
   * Holds texts back until the returned function is called (or a few seconds passed): a
   * notebook that is opening renders its outputs before it can send its cells, and they
   * should go in one call.
   */
  hold(): () => void {
    this._holds++;
    let held = true;
    const release = () => {
      if (held) {
        held = false;
        clearTimeout(safety);
        this._holds--;
        if (this._queued.size || this._checks.length) {
          this._schedule();
        }
      }
    };
    const safety = setTimeout(release, HOLD_MS);
    return release;
  }

  /** Forget every answer, e.g. after the server's rules or allowlists changed. */
  clear(): void {
    this._cache.clear();
    this._cachedChars = 0;
  }

  private _enqueue(text: string): Promise<ISpan[]> {
    const answer = deferred<ISpan[]>();
    this._queued.set(text, answer);
    this._inflight.set(text, answer.promise);
    this._schedule();
    return answer.promise;
  }

  private _schedule(): void {
    if (this._timer === null && (this._holds === 0 || this._checks.length)) {
      this._timer = setTimeout(() => void this._flush(), this._delay);
    }
  }

  private async _flush(): Promise<void> {
    this._timer = null;
    const calls = this._calls();
    await Promise.all(calls.map(call => this._send(call)));
  }

  /** The queued checks and texts split into calls: one per notebook, texts ride along. */
  private _calls(): ICall[] {
    const texts = this._queued;
    this._queued = new Map();
    const calls: ICall[] = this._checks.map(({ check, answer }) => {
      const sources = new Map<string, { id: string; answer: IDeferred<ISpan[]> }>();
      for (const cell of check.cells) {
        const source = sourceOf(cell.cell);
        const waiting = texts.get(source);
        if (waiting) {
          sources.set(source, { id: cell.id, answer: waiting });
          texts.delete(source);
        }
      }
      const batch: IBatch = { path: check.path, cells: check.cells, texts: {} };
      if (check.metadata) {
        batch.metadata = check.metadata;
      }
      return { batch, texts: new Map(), sources, check: answer };
    });
    this._checks = [];
    let call: ICall | undefined = calls[0];
    let size = 0;
    for (const [text, answer] of texts) {
      if (!call || (call.texts.size > 0 && size + text.length > this._batchChars)) {
        call = { batch: { texts: {} }, texts: new Map(), sources: new Map() };
        calls.push(call);
        size = 0;
      }
      call.texts.set(text, answer);
      size += text.length;
    }
    return calls;
  }

  private async _send(call: ICall): Promise<void> {
    const keys = new Map<string, string>();
    for (const text of call.texts.keys()) {
      let key = contentHash(text);
      for (let n = 2; key in call.batch.texts; n++) {
        key = `${contentHash(text)}-${n}`;
      }
      call.batch.texts[key] = text;
      keys.set(text, key);
    }
    let reply: IBatchReply;
    try {
      reply = await this._fetch(call.batch);
    } catch (reason) {
      for (const [text, waiting] of [...call.texts, ...[...call.sources].map(([t, s]) => [t, s.answer] as const)]) {
        this._inflight.delete(text);
        waiting.reject(reason);
      }
      call.check?.reject(reason);
      return;
    }
    for (const [text, waiting] of call.texts) {
      this._answer(text, reply.spans?.[keys.get(text)!] ?? [], waiting);
    }
    for (const [text, { id, answer }] of call.sources) {
      this._answer(text, reply.cells?.[id]?.spans ?? [], answer);
    }
    call.check?.resolve(reply);
  }

  private _answer(text: string, spans: ISpan[], waiting: IDeferred<ISpan[]>): void {
    this._inflight.delete(text);
    this._remember(text, spans);
    waiting.resolve(spans);
  }

  private _remember(text: string, spans: ISpan[]): void {
    if (text.length > this._cacheChars || this._cache.has(text)) {
      return;
    }
    this._cache.set(text, spans);
    this._cachedChars += text.length;
    for (const oldest of this._cache.keys()) {
      if (this._cachedChars <= this._cacheChars) {
        break;
      }
      this._cache.delete(oldest);
      this._cachedChars -= oldest.length;
    }
  }

  private _fetch: BatchFetcher;
  private _delay: number;
  private _cacheChars: number;
  private _batchChars: number;
  private _cache = new Map<string, ISpan[]>();
  private _cachedChars = 0;
  private _inflight = new Map<string, Promise<ISpan[]>>();
  private _queued = new Map<string, IDeferred<ISpan[]>>();
  private _checks: IQueuedCheck[] = [];
  private _timer: ReturnType<typeof setTimeout> | null = null;
  private _holds = 0;
}
