import { Notification } from '@jupyterlab/apputils';
import { IDocumentManager } from '@jupyterlab/docmanager';
import { DocumentRegistry } from '@jupyterlab/docregistry';
import { NotebookPanel } from '@jupyterlab/notebook';
import { TranslationBundle } from '@jupyterlab/translation';

import { recentSaves } from '../api/client';
import { SpanFinder } from '../api/spans';
import { IFinding, ISaveReport } from '../api/types';
import { placeOf } from '../components/findingsList';
import { BlockedSaveChoice, showBlockedSave } from '../dialogs/blockedSave';
import { IFixContext, fixActionsFor } from '../fixes/actions';
import { placeholder } from '../fixes/edits';
import { replaceSpans } from '../fixes/outputs';
import { FindingsTracker } from '../findings/tracker';
import { ISaveListener } from './interceptor';
import { RefusedSaves } from './refused';

/** How long after the user asked to save a refusal counts as the answer to that request. */
const MANUAL_WINDOW_MS = 15_000;

export interface ISaveCoordinatorOptions extends IFixContext {
  docManager: IDocumentManager;
  findings: FindingsTracker;
  finder: SpanFinder;
  /** Where refused saves are kept for the status bar and the panel. */
  refusedSaves: RefusedSaves;
  /** Shows the dialog; replaced in tests. */
  show?: typeof showBlockedSave;
}

/** "cell 2, line 1: openai-project-key (sk-proj-…)" for the first few findings. */
export function describeFindings(findings: readonly IFinding[], trans: TranslationBundle): string {
  const shown = findings
    .slice(0, 3)
    .map(f => `${placeOf(f, trans)}: ${f.rule} (${f.preview})`)
    .join('; ');
  return findings.length > 3 ? trans.__('%1; and %2 more', shown, findings.length - 3) : shown;
}

/**
 * Turns the guard's refusals into a dialog when the user asked to save (shortcut, menu,
 * closing the tab), and into a notice (a notification, the status bar, the panel) when an
 * autosave was refused; saves again when the user fixed or stripped the keys, and brings
 * documents in line with files the guard stripped.
 */
export class SaveCoordinator implements ISaveListener {
  constructor(private options: ISaveCoordinatorOptions) {
    // a reminder of a refused save goes once the notebook holds no plaintext key any more
    options.findings.changed?.connect(() => {
      const current = options.findings.current;
      if (current && !current.pending && !current.findings.length) {
        this._forget(current.path);
      }
    });
  }

  /** The user asked to save `path` (menu, toolbar, shortcut): the next refusal gets a dialog. */
  markManual(path: string): void {
    this._manual.set(path, Date.now());
  }

  refused(path: string, findings?: readonly IFinding[]): void {
    void this._refused(path, findings).catch(error =>
      console.error('jupyter-secrets: the refused save of', path, 'could not be shown:', error)
    );
  }

  saved(path: string, report: ISaveReport): void {
    const { trans } = this.options;
    this._forget(path);
    if (report.warned.length) {
      Notification.warning(
        trans.__('%1 was saved with plaintext secrets, as the policy allows: %2', path,
          describeFindings(report.warned, trans)),
        { autoClose: 8000 }
      );
    }
    if (!report.stripped.length) {
      return;
    }
    const context = this._context(path);
    if (context && !context.model.collaborative && report.reload) {
      // the reply arrives before JupyterLab finishes the save: reload once it has
      const reload = (_: unknown, state: DocumentRegistry.SaveState) => {
        if (state !== 'started') {
          context.saveState.disconnect(reload);
          void context.revert();
        }
      };
      context.saveState.connect(reload);
    }
    this._notifyStripped(path, report.stripped);
  }

  /** The guard stripped a save made by a collaboration room: strip the shared model too. */
  async strippedInRoom(path: string, findings: readonly IFinding[]): Promise<void> {
    const context = this._context(path);
    if (!context || !context.model.collaborative) {
      return; // without collaboration the save's reply did it
    }
    const panel = this.options.findings.panelFor(path);
    if (panel) {
      await this.options.fixer.stripFindings(panel.context.model, findings);
    } else {
      await this._stripText(context);
    }
    this._notifyStripped(path, findings);
  }

  private _notifyStripped(path: string, findings: readonly IFinding[]): void {
    const { trans } = this.options;
    Notification.warning(
      trans.__('Secrets were stripped from %1 when it was saved: %2. The document now matches the file.',
        path, describeFindings(findings, trans)),
      { autoClose: 10000 }
    );
  }

  private async _refused(path: string, given?: readonly IFinding[]): Promise<void> {
    // one dialog per document: the save's reply and the guard's event are the same refusal
    if (this._open.has(path)) {
      return;
    }
    this._open.add(path);
    let choice: BlockedSaveChoice = 'keep';
    try {
      const manual = Date.now() - (this._manual.get(path) ?? 0) < MANUAL_WINDOW_MS;
      const findings = given ?? (await this._latestFindings(path));
      this._keepDirty(path);
      this.options.refusedSaves.set(path, findings);
      if (!manual) {
        // an autosave (a kernel chosen, outputs changed): nothing the user is waiting for
        this._remind(path, findings);
        return;
      }
      this._manual.delete(path);
      this._dismissReminder(path);
      choice = await this._show(path, findings);
    } finally {
      this._open.delete(path);
    }
    await this._follow(path, choice);
  }

  /** One notification per document (updated, never stacked) for refusals without a dialog. */
  private _remind(path: string, findings: readonly IFinding[]): void {
    const { trans } = this.options;
    // a toast shows the first 140 characters: the file's name and the rules, not its folder
    const name = path.split('/').pop() ?? path;
    const rules = [...new Set(findings.map(f => f.rule))].join(', ');
    const message = trans._n(
      'Not saved: %2 holds a plaintext secret (%3). The Secrets panel has the fixes.',
      'Not saved: %2 holds %1 plaintext secrets (%3). The Secrets panel has the fixes.',
      findings.length,
      name,
      rules
    );
    const id = this._reminders.get(path);
    if (id && Notification.manager.has(id)) {
      Notification.update({ id, message, type: 'warning' });
      return;
    }
    const review = {
      label: trans.__('Review'),
      callback: () => {
        this.markManual(path);
        this.refused(path, findings);
      }
    };
    this._reminders.set(path, Notification.warning(message, { autoClose: false, actions: [review] }));
  }

  /** The document saved, or holds no key any more: its refusal is over. */
  private _forget(path: string): void {
    this.options.refusedSaves.clear(path);
    this._dismissReminder(path);
  }

  private _dismissReminder(path: string): void {
    const id = this._reminders.get(path);
    if (id) {
      Notification.dismiss(id);
      this._reminders.delete(path);
    }
  }

  /**
   * A collaboration room reports a refused save as a success, so JupyterLab marks the document
   * saved; it is not.
   */
  private _keepDirty(path: string): void {
    const context = this._context(path);
    if (context?.model.collaborative) {
      context.model.dirty = true;
    }
  }

  private _show(path: string, findings: readonly IFinding[]): Promise<BlockedSaveChoice> {
    const show = this.options.show ?? showBlockedSave;
    const panel = this.options.findings.panelFor(path);
    const actions = panel
      ? fixActionsFor(panel, this.options)
      : {
          move: () => Promise.reject(new Error(this.options.trans.__('open the notebook to fix it'))),
          allow: () => Promise.reject(new Error(this.options.trans.__('open the notebook to fix it'))),
          redact: () => Promise.reject(new Error(this.options.trans.__('open the notebook to fix it')))
        };
    return show({ path, findings, actions, trans: this.options.trans });
  }

  private async _follow(path: string, choice: BlockedSaveChoice): Promise<void> {
    const context = this._context(path);
    if (choice === 'keep' || !context) {
      return;
    }
    if (choice === 'strip') {
      const panel = this.options.findings.panelFor(path);
      if (panel) {
        await this.options.fixer.stripAll(panel.context.model);
      } else {
        await this._stripText(context);
      }
    }
    this.markManual(path);
    try {
      await context.save();
      this._forget(path);
    } catch (error) {
      if ((error as Error).name !== 'ModalCancelError') {
        throw error;
      }
    }
  }

  private async _latestFindings(path: string): Promise<readonly IFinding[]> {
    const notices = await recentSaves(path).catch(() => []);
    const blocked = notices.filter(n => n.action.endsWith('-blocked'));
    if (blocked.length) {
      return blocked[blocked.length - 1].findings;
    }
    const panel = this.options.findings.panelFor(path);
    return panel ? this.options.findings.forPanel(panel).scanNow() : [];
  }

  private async _stripText(context: DocumentRegistry.Context): Promise<void> {
    const text = context.model.toString();
    const spans = await this.options.finder.find(text);
    if (spans.length) {
      context.model.fromString(replaceSpans(text, spans, span => placeholder(span.rule)));
    }
  }

  private _context(path: string): DocumentRegistry.Context | undefined {
    const panel = this.options.findings.panelFor(path);
    if (panel) {
      return (panel as NotebookPanel).context;
    }
    const widget = this.options.docManager.findWidget(path);
    return widget ? this.options.docManager.contextForWidget(widget) : undefined;
  }

  private _manual = new Map<string, number>();
  private _open = new Set<string>();
  private _reminders = new Map<string, string>();
}
