import { ISignal, Signal } from '@lumino/signaling';

import { IFinding } from '../api/types';

/**
 * Documents whose last save the guard refused, with the keys that stopped it: what the
 * status-bar item and the panel show, so an autosave's refusal needs no dialog.
 */
export class RefusedSaves {
  /** Emits the path whose state changed. */
  get changed(): ISignal<this, string> {
    return this._changed;
  }

  get(path: string): readonly IFinding[] | null {
    return this._byPath.get(path) ?? null;
  }

  set(path: string, findings: readonly IFinding[]): void {
    this._byPath.set(path, findings);
    this._changed.emit(path);
  }

  clear(path: string): void {
    if (this._byPath.delete(path)) {
      this._changed.emit(path);
    }
  }

  private _byPath = new Map<string, readonly IFinding[]>();
  private _changed = new Signal<this, string>(this);
}
