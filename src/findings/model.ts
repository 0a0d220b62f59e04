import { ICellModel, ICodeCellModel } from '@jupyterlab/cells';
import { NotebookPanel } from '@jupyterlab/notebook';
import { IDisposable } from '@lumino/disposable';
import { ISignal, Signal } from '@lumino/signaling';

import { contentHash } from '../api/hash';
import { INotebookCheck } from '../api/spans';
import { IBatchReply, ICellCheck, IFinding } from '../api/types';
import { collectStrings } from '../fixes/outputs';
import { isScannedMime } from '../mime';

/** Sends a notebook's changes to the server; `SpanFinder.check` in the app. */
export type NotebookChecker = (check: INotebookCheck) => Promise<IBatchReply>;

/** A cell as the server's scan wants it, without binary output data (images, PDFs): the
 * server never scans those, so they are not worth the upload. */
export function scannableCell(cell: ICellModel): Record<string, any> {
  const content = cell.toJSON() as Record<string, any>;
  for (const output of content.outputs ?? []) {
    const data = output.data;
    if (data && typeof data === 'object') {
      for (const mime of Object.keys(data)) {
        if (!isScannedMime(mime)) {
          delete data[mime];
        }
      }
    }
  }
  return content;
}

/** The texts the output renderers of a cell will ask spans for (see output/masking.ts). */
export function outputTexts(cell: ICellModel): string[] {
  if (cell.type !== 'code') {
    return [];
  }
  const outputs = (cell as ICodeCellModel).outputs;
  const texts: string[] = [];
  for (let index = 0; index < outputs.length; index++) {
    const data = outputs.get(index).data;
    for (const mime of Object.keys(data).filter(isScannedMime)) {
      texts.push(...collectStrings(data[mime]));
    }
  }
  return texts;
}

export interface INotebookFindingsOptions {
  check: NotebookChecker;
  /** Holds other texts back until the first check is on its way (`SpanFinder.hold`). */
  hold?: () => () => void;
  /** Milliseconds of quiet typing before a scan. */
  delay?: number;
  /**
   * Milliseconds between two calls that carry only the notebook's metadata: a kernel that
   * starts writes its kernelspec and language info in steps, which then cost one call.
   */
  metadataDelay?: number;
}

/** What the server said about a cell, for the content it was sent. */
interface IKnown {
  json: string;
  findings: IFinding[];
}

/**
 * The findings of one open notebook, kept current as the user types: each change restarts a
 * short timer, and when it runs out the cells that changed since the server last saw them go
 * to its scan API, in one call with the texts their outputs need spans for. Cells are known by
 * id and by the exact content that was sent, so moving a cell costs no call.
 */
export class NotebookFindings implements IDisposable {
  constructor(panel: NotebookPanel, options: INotebookFindingsOptions) {
    this.panel = panel;
    this._check = options.check;
    this._release = options.hold?.() ?? null;
    this._delay = options.delay ?? 400;
    this._metadataDelay = options.metadataDelay ?? 5000;
    void panel.context.ready.then(() => {
      if (this.isDisposed) {
        return;
      }
      panel.context.model.contentChanged.connect(this._schedule, this);
      void this.scanNow();
      this._releaseHold();
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

  /**
   * Scans what changed now, cancelling a scan that was waiting for the typing to stop;
   * `everything` sends every cell again (e.g. after the server's rules changed).
   */
  async scanNow(everything = false): Promise<readonly IFinding[]> {
    return this._scan(everything, false);
  }

  private async _scan(everything: boolean, quiet: boolean): Promise<readonly IFinding[]> {
    this._cancelTimer();
    const generation = ++this._generation;
    try {
      await this._scanChanges(everything, quiet);
    } catch (error) {
      if (generation === this._generation && !this._disposed) {
        this._problem = (error as Error).message;
      }
    }
    if (generation === this._generation && !this._disposed) {
      this._findings = this._compose();
      this._pending = false;
      this._changed.emit();
    }
    return this._findings;
  }

  /** `quiet`: the typing stopped; a change of metadata alone may wait for more. */
  private async _scanChanges(everything: boolean, quiet: boolean): Promise<void> {
    const model = this.panel.context.model;
    if (everything || this.path !== this._path) {
      this._known.clear();
      this._metadata = null;
      this._path = this.path;
    }
    const cells: ICellCheck[] = [];
    const sent = new Map<string, string>();
    const texts: string[] = [];
    this._ids = [];
    for (let index = 0; index < model.cells.length; index++) {
      const cell = model.cells.get(index);
      // ids are unique in a valid notebook; a copied file may still repeat one
      const id = this._ids.includes(cell.id) ? `${cell.id}#${index}` : cell.id;
      this._ids.push(id);
      const content = scannableCell(cell);
      const json = JSON.stringify(content);
      if (this._known.get(id)?.json !== json) {
        cells.push({ id, hash: contentHash(json), index, cell: content });
        sent.set(id, json);
        texts.push(...outputTexts(cell));
      }
    }
    const value = model.sharedModel.getMetadata() as Record<string, unknown>;
    const metadataJson = JSON.stringify(value);
    const metadata =
      this._metadata?.json === metadataJson ? undefined : { hash: contentHash(metadataJson), value };
    if (!cells.length && !metadata) {
      return;
    }
    const wait = this._metadataSentAt + this._metadataDelay - Date.now();
    if (quiet && !cells.length && wait > 0) {
      this._timer = setTimeout(() => void this._scan(false, false), wait);
      return;
    }
    if (metadata) {
      this._metadataSentAt = Date.now();
    }
    const reply = await this._check({ path: this.path, cells, metadata, texts });
    for (const cell of cells) {
      const answer = reply.cells[cell.id];
      if (answer?.hash === cell.hash) {
        this._known.set(cell.id, { json: sent.get(cell.id)!, findings: answer.findings });
      }
    }
    if (metadata && reply.metadata?.hash === metadata.hash) {
      this._metadata = { json: metadataJson, findings: reply.metadata.findings };
    }
    this._problem = reply.errors.length ? reply.errors[0].message : null;
  }

  /** The findings of every cell, at the place the cell has now. */
  private _compose(): IFinding[] {
    const present = new Set(this._ids);
    for (const id of this._known.keys()) {
      if (!present.has(id)) {
        this._known.delete(id);
      }
    }
    const findings = this._ids.flatMap((id, index) =>
      (this._known.get(id)?.findings ?? []).map(f => (f.cell === index ? f : { ...f, cell: index }))
    );
    return findings.concat(this._metadata?.findings ?? []);
  }

  dispose(): void {
    if (this._disposed) {
      return;
    }
    this._disposed = true;
    this._releaseHold();
    this._cancelTimer();
    this.panel.context.model?.contentChanged.disconnect(this._schedule, this);
    Signal.clearData(this);
  }

  private _releaseHold(): void {
    this._release?.();
    this._release = null;
  }

  private _schedule(): void {
    this._cancelTimer();
    this._timer = setTimeout(() => void this._scan(false, true), this._delay);
  }

  private _cancelTimer(): void {
    if (this._timer !== null) {
      clearTimeout(this._timer);
      this._timer = null;
    }
  }

  private _check: NotebookChecker;
  private _release: (() => void) | null;
  private _known = new Map<string, IKnown>();
  private _metadata: IKnown | null = null;
  private _ids: string[] = [];
  private _path = '';
  private _delay: number;
  private _metadataDelay: number;
  private _metadataSentAt = 0;
  private _findings: IFinding[] = [];
  private _problem: string | null = null;
  private _pending = true;
  private _generation = 0;
  private _timer: ReturnType<typeof setTimeout> | null = null;
  private _disposed = false;
  private _changed = new Signal<this, void>(this);
}
