import { JupyterFrontEnd } from '@jupyterlab/application';
import { ICommandPalette } from '@jupyterlab/apputils';
import { TranslationBundle } from '@jupyterlab/translation';

import { FindingsTracker } from './findings/tracker';
import { SecretsModel } from './sidebar/model';
import { SecretsPanel } from './sidebar/panel';

/** Command ids; the keyboard shortcut of `open` is in schema/panel.json. */
export namespace CommandIDs {
  export const open = 'jupyter-secrets:open';
  export const scan = 'jupyter-secrets:scan-notebook';
  export const add = 'jupyter-secrets:add-secret';
  export const audit = 'jupyter-secrets:show-audit';
}

export const PALETTE_CATEGORY = 'Secrets';

export function addCommands(
  app: JupyterFrontEnd,
  panel: SecretsPanel,
  model: SecretsModel,
  findings: FindingsTracker,
  trans: TranslationBundle,
  palette: ICommandPalette | null
): void {
  const show = () => {
    app.shell.activateById(panel.id);
  };
  app.commands.addCommand(CommandIDs.open, {
    label: trans.__('Open the Secrets Panel'),
    caption: trans.__('Secrets, findings in the notebook, audit'),
    execute: () => {
      show();
      void model.refresh();
    }
  });
  app.commands.addCommand(CommandIDs.scan, {
    label: trans.__('Scan the Notebook for Secrets'),
    isEnabled: () => findings.current !== null,
    execute: async () => {
      show();
      await findings.current?.scanNow(true);
    }
  });
  app.commands.addCommand(CommandIDs.add, {
    label: trans.__('Add a Secret…'),
    execute: () => {
      show();
      panel.node.querySelector<HTMLInputElement>('.jp-secrets-add-name')?.focus();
    }
  });
  app.commands.addCommand(CommandIDs.audit, {
    label: trans.__('Show the Secrets Audit'),
    execute: () => {
      show();
      panel.showAudit(model);
    }
  });
  if (palette) {
    const category = trans.__(PALETTE_CATEGORY);
    for (const command of [CommandIDs.open, CommandIDs.scan, CommandIDs.add, CommandIDs.audit]) {
      palette.addItem({ command, category });
    }
  }
}
