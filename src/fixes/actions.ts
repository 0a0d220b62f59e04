import { NotebookPanel } from '@jupyterlab/notebook';
import { TranslationBundle } from '@jupyterlab/translation';

import { IFinding } from '../api/types';
import { IFixActions } from '../components/findingsList';
import { NotebookFixer } from './notebook';

export interface IFixContext {
  fixer: NotebookFixer;
  trans: TranslationBundle;
  /** Names already in the store, so a suggested name does not overwrite one. */
  secretNames(): Promise<string[]>;
  /** Called after a secret was stored, so lists can refresh. */
  stored(name: string): void;
}

/** The fixes of a notebook's findings, with what each did in words. */
export function fixActionsFor(
  panel: NotebookPanel,
  context: IFixContext,
  jump?: (finding: IFinding) => void
): IFixActions {
  const { fixer, trans } = context;
  const model = () => {
    const notebook = panel.context.model;
    if (!notebook || panel.isDisposed) {
      throw new Error(trans.__('the notebook was closed'));
    }
    return notebook;
  };
  return {
    async move(finding) {
      const name = await fixer.moveToStore(
        model(),
        panel.context.path,
        finding,
        await context.secretNames()
      );
      context.stored(name);
      return trans.__('Stored as %1 (granted to this notebook); the code reads secret("%1")', name);
    },
    async allow(finding) {
      await fixer.allowHere(model(), finding);
      return trans.__('Allowed on this line');
    },
    async redact(finding) {
      await fixer.redact(model(), finding);
      return trans.__('Replaced by a placeholder');
    },
    jump
  };
}
