import { JupyterFrontEnd } from '@jupyterlab/application';
import { IStatusBar } from '@jupyterlab/statusbar';
import { TranslationBundle } from '@jupyterlab/translation';
import { ISignal, Signal } from '@lumino/signaling';

import { IFinding } from '../api/types';
import { RefusedSaveStatus } from '../save/statusItem';

export const REFUSED_ITEM_ID = 'jupyter-secrets:refused-save';

/**
 * Rank in the menu bar's area: Notebook 7 puts its kernel status there at 10010, so the item
 * sits just before it, at the right of the menu bar.
 */
export const MENU_AREA_RANK = 10_000;

export interface IRefusedItemOptions {
  /** The keys that stopped the last save of the active notebook, or null. */
  refused(): readonly IFinding[] | null;
  /** Emits when `refused()` may have changed. */
  changed: ISignal<unknown, unknown>;
  /** Opens the Secrets panel. */
  open(): void;
  trans: TranslationBundle;
}

/** Where the item went: the status bar, or the shell's menu area (Notebook 7 has no status bar). */
export type RefusedItemPlace = 'status-bar' | 'menu';

/**
 * Shows the item of a refused save where the shell can hold it. JupyterLab has a status bar;
 * Notebook 7's notebook page has none, so the item goes to the right end of its menu bar,
 * beside the kernel status, and is hidden while the active notebook's saves go through.
 */
export function addRefusedSaveItem(
  app: JupyterFrontEnd,
  statusBar: IStatusBar | null,
  options: IRefusedItemOptions
): RefusedItemPlace {
  const item = new RefusedSaveStatus(options);
  const isActive = () => options.refused() !== null;
  if (statusBar) {
    const activeStateChanged = new Signal<unknown, void>(item);
    options.changed.connect(() => activeStateChanged.emit());
    statusBar.registerStatusItem(REFUSED_ITEM_ID, {
      item,
      align: 'left',
      rank: 5,
      isActive,
      activeStateChanged
    });
    return 'status-bar';
  }
  item.id = 'jupyter-secrets-refused-save';
  const follow = () => item.setHidden(!isActive());
  options.changed.connect(follow);
  follow();
  app.shell.add(item, 'menu', { rank: MENU_AREA_RANK });
  return 'menu';
}
