import { Dialog, showDialog } from '@jupyterlab/apputils';
import { TranslationBundle } from '@jupyterlab/translation';
import { ReactWidget } from '@jupyterlab/ui-components';
import * as React from 'react';

import { IFinding } from '../api/types';
import { FindingsList, IFixActions } from '../components/findingsList';

export type BlockedSaveChoice = 'keep' | 'strip' | 'save';

export interface IBlockedSaveOptions {
  path: string;
  findings: readonly IFinding[];
  actions: IFixActions;
  trans: TranslationBundle;
}

class BlockedSaveBody extends ReactWidget {
  constructor(private options: IBlockedSaveOptions) {
    super();
    this.addClass('jp-secrets-blocked-save');
  }

  protected render(): JSX.Element {
    const { findings, actions, trans } = this.options;
    return (
      <div>
        <p>
          {trans.__(
            'The server did not write this file: it holds plaintext secrets. ' +
              'Everything you typed is still here. Fix each key, then save.'
          )}
        </p>
        <FindingsList findings={findings} actions={actions} trans={trans} />
      </div>
    );
  }
}

/**
 * The dialog of a refused save: the findings with their fixes, and what to do next. Resolves
 * with the user's choice; closing the dialog is "keep editing".
 */
export async function showBlockedSave(options: IBlockedSaveOptions): Promise<BlockedSaveChoice> {
  const { trans, path, findings } = options;
  const result = await showDialog({
    title: trans._n(
      'Not saved: %2 holds a plaintext secret',
      'Not saved: %2 holds %1 plaintext secrets',
      findings.length,
      path
    ),
    body: new BlockedSaveBody(options),
    buttons: [
      Dialog.cancelButton({ label: trans.__('Keep editing') }),
      Dialog.warnButton({
        label: trans.__('Save with secrets stripped'),
        actions: ['strip'],
        ariaLabel: trans.__('Save with every secret replaced by a placeholder')
      }),
      Dialog.okButton({ label: trans.__('Save'), actions: ['save'] })
    ],
    defaultButton: 0
  });
  if (!result.button.accept) {
    return 'keep';
  }
  return result.button.actions.includes('strip') ? 'strip' : 'save';
}
