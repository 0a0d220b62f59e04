import { Clipboard, Dialog, InputDialog, showDialog } from '@jupyterlab/apputils';
import { TranslationBundle } from '@jupyterlab/translation';
import { ReactWidget } from '@jupyterlab/ui-components';
import * as React from 'react';

/** Asks before deleting a secret and every version of it. */
export async function confirmDelete(name: string, trans: TranslationBundle): Promise<boolean> {
  const result = await showDialog({
    title: trans.__('Delete %1?', name),
    body: trans.__(
      'Every version of %1, its grants and its rotation state are deleted. Notebooks that ' +
        'read it will fail until it is stored again.',
      name
    ),
    buttons: [
      Dialog.cancelButton(),
      Dialog.warnButton({ label: trans.__('Delete'), ariaLabel: trans.__('Delete %1', name) })
    ]
  });
  return result.button.accept;
}

class RevealedValue extends ReactWidget {
  constructor(
    private value: string,
    private trans: TranslationBundle
  ) {
    super();
    this.addClass('jp-secrets-revealed-value');
  }

  protected render(): JSX.Element {
    const trans = this.trans;
    return (
      <div>
        <p>{trans.__('This reveal was recorded in the audit trail.')}</p>
        <input
          className="jp-mod-styled"
          type="text"
          readOnly
          value={this.value}
          aria-label={trans.__('Secret value')}
          onFocus={event => event.currentTarget.select()}
        />
      </div>
    );
  }

  dispose(): void {
    // no copy of the value outlives the dialog
    this.value = '';
    super.dispose();
  }
}

/** Shows a revealed value until the dialog closes; "Copy" puts it on the clipboard. */
export async function showRevealed(
  name: string,
  value: string,
  trans: TranslationBundle
): Promise<void> {
  const result = await showDialog({
    title: trans.__('Value of %1', name),
    body: new RevealedValue(value, trans),
    buttons: [
      Dialog.cancelButton({ label: trans.__('Close') }),
      Dialog.okButton({ label: trans.__('Copy'), actions: ['copy'] })
    ]
  });
  if (result.button.actions.includes('copy')) {
    Clipboard.copyToSystem(value);
  }
}

/** The workload to grant a secret to, or null if the user cancelled. */
export async function askWorkload(name: string, trans: TranslationBundle): Promise<string | null> {
  const result = await InputDialog.getText({
    title: trans.__('Grant %1 to a workload', name),
    label: trans.__('Workload name (as in c.SecretPolicy.workloads)'),
    okLabel: trans.__('Grant')
  });
  const value = result.value?.trim();
  return result.button.accept && value ? value : null;
}
