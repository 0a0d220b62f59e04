import { INotebookTracker, NotebookPanel } from '@jupyterlab/notebook';
import { ISignal, Signal } from '@lumino/signaling';

import { INotebookFindingsOptions, NotebookFindings } from './model';

/**
 * Live findings for every open notebook, and which one is active: what the panel lists and
 * what the save dialog starts from.
 */
export class FindingsTracker {
  constructor(tracker: INotebookTracker, options: INotebookFindingsOptions) {
    this._tracker = tracker;
    this._options = options;
    tracker.widgetAdded.connect((_, panel) => this.forPanel(panel));
    tracker.currentChanged.connect(() => this._changed.emit());
    tracker.forEach(panel => this.forPanel(panel));
  }

  /** Emits when the active notebook changes or its findings do. */
  get changed(): ISignal<this, void> {
    return this._changed;
  }

  get tracker(): INotebookTracker {
    return this._tracker;
  }

  /** The findings of the active notebook, or null when no notebook is active. */
  get current(): NotebookFindings | null {
    const panel = this._tracker.currentWidget;
    return panel ? this.forPanel(panel) : null;
  }

  forPanel(panel: NotebookPanel): NotebookFindings {
    let findings = this._byPanel.get(panel);
    if (!findings) {
      const created = new NotebookFindings(panel, this._options);
      created.changed.connect(() => {
        if (this._tracker.currentWidget === panel) {
          this._changed.emit();
        }
      });
      panel.disposed.connect(() => {
        created.dispose();
        this._byPanel.delete(panel);
      });
      this._byPanel.set(panel, created);
      findings = created;
    }
    return findings;
  }

  /** The open notebook panel of `path`, if any. */
  panelFor(path: string): NotebookPanel | null {
    return this._tracker.find(panel => panel.context.path === path) ?? null;
  }

  private _tracker: INotebookTracker;
  private _options: INotebookFindingsOptions;
  private _byPanel = new Map<NotebookPanel, NotebookFindings>();
  private _changed = new Signal<this, void>(this);
}
