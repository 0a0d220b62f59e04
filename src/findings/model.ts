import { INotebookModel, NotebookPanel } from '@jupyterlab/notebook';
import { IDisposable } from '@lumino/disposable';
import { ISignal, Signal } from '@lumino/signaling';

import { scanNotebook } from '../api/client';
import { IFinding, IScanReply } from '../api/types';
import { isScannedMime } from '../mime';

export type NotebookScanner = (path: string, content: unknown) => Promise<IScanReply>;

/** The notebook as the server's scan wants it, without binary output data (images, PDFs):
 * the server never scans those, so they are not worth the upload. */
export function scannableContent(model: INotebookModel): Record<string, any> {
  const content = model.toJSON() as Record<string, any>;
  for (const cell of content.cells ?? []) {
    for (const output of cell.outputs ?? []) {
      const data = output.data;
      if (data && typeof data === 'object') {
        for (const mime of Object.keys(data)) {
          if (!isScannedMime(mime)) {
            delete data[mime];
          }
        }
      }
    }
  }
  return content;
}

export interface INotebookFindingsOptions {
  scan?: NotebookScanner;
  /** Milliseconds of quiet typing before a scan. */
  delay?: number;
}

/**
 * The findings of one open notebook, kept current as the user types: each change restarts a
 * short timer, and when it runs out the notebook goes to the server's scan API.
 */
export class NotebookFindings implements IDisposable {
  constructor(panel: NotebookPanel, options: INotebookFindingsOptions = {}) {
    this.panel = panel;
    this._scan = options.scan ?? scanNotebook;
    this._delay = options.delay ?? 400;
    void panel.context.ready.then(() => {
      if (this.isDisposed) {
        return;
      }
      panel.context.model.contentChanged.connect(this._schedule, this);
      void this.scanNow();
    });
  }

  readonly panel: NotebookPanel;

  get changed(): ISignal<this, void> {
    return this._changed;
  }

  get findings(): readonly IFinding[] {
    return this._findings;
  }

  /** Why the last scan failed, or null. */
  get problem(): string | null {
    return this._problem;
  }

  /** True until the first scan answered. */
  get pending(): boolean {
    return this._pending;
  }

  get path(): string {
    return this.panel.context.path;
  }

  get isDisposed(): boolean {
    return this._disposed;
  }

  /** Scans now, cancelling a scan that was waiting for the typing to stop. */
  async scanNow(): Promise<readonly IFinding[]> {
    this._cancelTimer();
    const model = this.panel.context.model;
    const generation = ++this._generation;
    try {
      const reply = await this._scan(this.path, scannableContent(model));
      if (generation === this._generation && !this._disposed) {
        this._findings = reply.findings;
        this._problem = reply.errors.length ? reply.errors[0].message : null;
      }
    } catch (error) {
      if (generation === this._generation && !this._disposed) {
        this._problem = (error as Error).message;
      }
    }
    if (generation === this._generation && !this._disposed) {
      this._pending = false;
      this._changed.emit();
    }
    return this._findings;
  }

  dispose(): void {
    if (this._disposed) {
      return;
    }
    this._disposed = true;
    this._cancelTimer();
    this.panel.context.model?.contentChanged.disconnect(this._schedule, this);
    Signal.clearData(this);
  }

  private _schedule(): void {
    this._cancelTimer();
    this._timer = setTimeout(() => void this.scanNow(), this._delay);
  }

  private _cancelTimer(): void {
    if (this._timer !== null) {
      clearTimeout(this._timer);
      this._timer = null;
    }
  }

  private _scan: NotebookScanner;
  private _delay: number;
  private _findings: IFinding[] = [];
  private _problem: string | null = null;
  private _pending = true;
  private _generation = 0;
  private _timer: ReturnType<typeof setTimeout> | null = null;
  private _disposed = false;
  private _changed = new Signal<this, void>(this);
}
