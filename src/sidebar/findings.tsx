import { TranslationBundle } from '@jupyterlab/translation';
import { Button } from '@jupyterlab/ui-components';
import * as React from 'react';

import { IFinding } from '../api/types';

import { FindingsList, IFixActions } from '../components/findingsList';
import { NotebookFindings } from '../findings/model';

export interface IFindingsViewProps {
  findings: NotebookFindings | null;
  actions: IFixActions | null;
  /** The keys that stopped the notebook's last save, or null when it was not refused. */
  refused?: readonly IFinding[] | null;
  /** Opens the dialog of the refused save (fixes, save with the secrets stripped). */
  review?(): void;
  trans: TranslationBundle;
}

function RefusedNotice({ count, review, trans }: { count: number; review?: () => void; trans: TranslationBundle }): JSX.Element {
  return (
    <div className="jp-secrets-refused" role="alert">
      <p>
        {trans._n(
          'Not saved: the last save was refused because of %1 plaintext secret. Fix it below, or review to save with it stripped.',
          'Not saved: the last save was refused because of %1 plaintext secrets. Fix them below, or review to save with them stripped.',
          count
        )}
      </p>
      {review && (
        <Button small onClick={() => review()}>
          {trans.__('Review…')}
        </Button>
      )}
    </div>
  );
}

/** The plaintext secrets in the active notebook, live as the user types. */
export function FindingsView({ findings, actions, refused, review, trans }: IFindingsViewProps): JSX.Element {
  if (!findings || !actions) {
    return <p className="jp-secrets-empty">{trans.__('Open a notebook to see the secrets in it.')}</p>;
  }
  const count = findings.findings.length;
  return (
    <div className="jp-secrets-findings-view" data-path={findings.path}>
      <p className="jp-secrets-findings-count" role="status" aria-live="polite">
        {findings.pending
          ? trans.__('Scanning %1…', findings.path)
          : count
            ? trans._n('%2: %1 plaintext secret', '%2: %1 plaintext secrets', count, findings.path)
            : trans.__('%1: no plaintext secrets', findings.path)}
      </p>
      {refused && <RefusedNotice count={refused.length} review={review} trans={trans} />}
      {findings.problem && (
        <div className="jp-secrets-error" role="alert">
          {findings.problem}
        </div>
      )}
      {count > 0 && <FindingsList findings={findings.findings} actions={actions} trans={trans} />}
    </div>
  );
}
