import {
  ILayoutRestorer,
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { ICommandPalette } from '@jupyterlab/apputils';
import { IDocumentManager } from '@jupyterlab/docmanager';
import { INotebookTracker, NotebookPanel } from '@jupyterlab/notebook';
import { IStatusBar } from '@jupyterlab/statusbar';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';
import { Message, MessageLoop } from '@lumino/messaging';
import { Signal } from '@lumino/signaling';

import { IFinding } from '../api/types';
import { addCommands } from '../commands';
import { jumpToFinding } from '../findings/jump';
import { FindingsTracker } from '../findings/tracker';
import { IFixContext } from '../fixes/actions';
import { NotebookFixer } from '../fixes/notebook';
import { SaveCoordinator } from '../save/coordinator';
import { interceptSaves } from '../save/interceptor';
import { listenToGuard } from '../save/notices';
import { RefusedSaves } from '../save/refused';
import { SecretsModel } from '../sidebar/model';
import { SecretsPanel } from '../sidebar/panel';
import { addRefusedSaveItem } from '../shell/refusedItem';
import { ISecretsServer } from '../tokens';

export const PANEL_PLUGIN_ID = 'jupyter-secrets:panel';

/** Save commands whose refusal the user is waiting for (and so always gets a dialog). */
const SAVE_COMMANDS = new Set(['docmanager:save', 'docmanager:save-all']);

function watchManualSaves(
  app: JupyterFrontEnd,
  docManager: IDocumentManager,
  findings: FindingsTracker,
  coordinator: SaveCoordinator
): void {
  app.commands.commandExecuted.connect((_, executed) => {
    if (!SAVE_COMMANDS.has(executed.id)) {
      return;
    }
    if (executed.id === 'docmanager:save-all') {
      findings.tracker.forEach(panel => coordinator.markManual(panel.context.path));
    }
    const widget = app.shell.currentWidget;
    const context = widget ? docManager.contextForWidget(widget) : undefined;
    if (context) {
      coordinator.markManual(context.path);
    }
  });
  // closing a tab with unsaved changes offers to save: that save is one the user asked for
  findings.tracker.widgetAdded.connect((_, panel: NotebookPanel) => {
    MessageLoop.installMessageHook(panel, (_handler, msg: Message) => {
      if (msg.type === 'close-request') {
        coordinator.markManual(panel.context.path);
      }
      return true;
    });
  });
}

/** The item of a refused save of the active notebook, in the status bar or the menu bar. */
function addRefusedItem(
  app: JupyterFrontEnd,
  statusBar: IStatusBar | null,
  findings: FindingsTracker,
  refusedSaves: RefusedSaves,
  open: () => void,
  trans: ReturnType<ITranslator['load']>
): void {
  const changed = new Signal<unknown, void>(refusedSaves);
  refusedSaves.changed.connect(() => changed.emit());
  findings.tracker.currentChanged.connect(() => changed.emit());
  const refused = () => {
    const path = findings.tracker.currentWidget?.context.path;
    return path ? refusedSaves.get(path) : null;
  };
  addRefusedSaveItem(app, statusBar, { refused, changed, open, trans });
}

/**
 * The Secrets side panel, the blocked-save dialog and the guard's notifications.
 */
export const panelPlugin: JupyterFrontEndPlugin<void> = {
  id: PANEL_PLUGIN_ID,
  description: 'The Secrets panel, the dialog of refused saves and notifications of stripped keys.',
  autoStart: true,
  requires: [ISecretsServer, INotebookTracker, IDocumentManager],
  optional: [ITranslator, ILayoutRestorer, ICommandPalette, IStatusBar],
  activate: (
    app: JupyterFrontEnd,
    server: ISecretsServer,
    notebooks: INotebookTracker,
    docManager: IDocumentManager,
    translator: ITranslator | null,
    restorer: ILayoutRestorer | null,
    palette: ICommandPalette | null,
    statusBar: IStatusBar | null
  ): void => {
    translator = translator ?? nullTranslator;
    const trans = translator.load('jupyter_secrets');
    const model = new SecretsModel();
    const findings = new FindingsTracker(notebooks, {
      check: check => server.spans.check(check),
      hold: () => server.spans.hold()
    });
    const fixes: IFixContext = {
      fixer: new NotebookFixer(server.spans),
      trans,
      secretNames: () => model.names(),
      stored: () => void model.refresh()
    };
    const jump = (finding: IFinding) => {
      const panel = findings.current?.panel;
      if (panel) {
        void jumpToFinding(app, panel, finding);
      }
    };
    const load = () =>
      void server.ready.then(info => {
        if (info) {
          void model.refresh();
        } else {
          model.fail(server.problem ?? trans.__('the server extension did not answer'));
        }
      });
    const refusedSaves = new RefusedSaves();
    const review = (path: string) => {
      coordinator.markManual(path);
      coordinator.refused(path, refusedSaves.get(path) ?? undefined);
    };
    const panel = new SecretsPanel({
      model, findings, fixes, trans, translator, jump, refusedSaves, review, firstShown: load
    });
    app.shell.add(panel, 'left', { rank: 600 });
    restorer?.add(panel, panel.id);
    addCommands(app, panel, model, findings, trans, palette);

    const coordinator = new SaveCoordinator({
      ...fixes, docManager, findings, finder: server.spans, refusedSaves
    });
    addRefusedItem(app, statusBar, findings, refusedSaves, () => app.shell.activateById(panel.id), trans);
    interceptSaves(app.serviceManager.contents, coordinator);
    listenToGuard(
      app.serviceManager.events.stream,
      {
        blocked: (path, notice) => coordinator.refused(path, notice.findings),
        stripped: (path, notice) => void coordinator.strippedInRoom(path, notice.findings)
      },
      trans
    );
    watchManualSaves(app, docManager, findings, coordinator);
  }
};
