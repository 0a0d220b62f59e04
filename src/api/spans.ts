import { findSpans } from './client';
import { ISpan } from './types';

/** How texts become spans; the default asks the server. */
export type SpansFetcher = (texts: string[]) => Promise<ISpan[][]>;

export interface ISpanFinderOptions {
  fetch?: SpansFetcher;
  /** Milliseconds to gather requests into one call. */
  delay?: number;
  /** Characters of text whose answers are kept. */
  cacheChars?: number;
  /** Characters per call; longer batches are split. */
  batchChars?: number;
}

interface IPending {
  text: string;
  resolve: (spans: ISpan[]) => void;
  reject: (reason: unknown) => void;
}

async function fetchFromServer(texts: string[]): Promise<ISpan[][]> {
  return (await findSpans(texts)).spans;
}

/**
 * Asks the server where the keys sit in texts, gathering the requests of many editors and
 * outputs (a notebook opening renders dozens at once) into few calls, and remembering answers.
 */
export class SpanFinder {
  constructor(options: ISpanFinderOptions = {}) {
    this._fetch = options.fetch ?? fetchFromServer;
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
    return new Promise((resolve, reject) => {
      this._pending.push({ text, resolve, reject });
      if (this._timer === null) {
        this._timer = setTimeout(() => void this._flush(), this._delay);
      }
    });
  }

  /** Forget every answer, e.g. after the server's rules or allowlists changed. */
  clear(): void {
    this._cache.clear();
    this._cachedChars = 0;
  }

  private async _flush(): Promise<void> {
    this._timer = null;
    const pending = this._pending;
    this._pending = [];
    for (const batch of this._batches(pending)) {
      const texts = [...new Set(batch.map(item => item.text))];
      try {
        const answers = await this._fetch(texts);
        const byText = new Map(texts.map((text, i) => [text, answers[i] ?? []]));
        for (const [text, spans] of byText) {
          this._remember(text, spans);
        }
        batch.forEach(item => item.resolve(byText.get(item.text) ?? []));
      } catch (reason) {
        batch.forEach(item => item.reject(reason));
      }
    }
  }

  private _batches(pending: IPending[]): IPending[][] {
    const batches: IPending[][] = [];
    let current: IPending[] = [];
    let size = 0;
    for (const item of pending) {
      if (current.length > 0 && size + item.text.length > this._batchChars) {
        batches.push(current);
        current = [];
        size = 0;
      }
      current.push(item);
      size += item.text.length;
    }
    if (current.length > 0) {
      batches.push(current);
    }
    return batches;
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

  private _fetch: SpansFetcher;
  private _delay: number;
  private _cacheChars: number;
  private _batchChars: number;
  private _cache = new Map<string, ISpan[]>();
  private _cachedChars = 0;
  private _pending: IPending[] = [];
  private _timer: ReturnType<typeof setTimeout> | null = null;
}
