import { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

import { FindingsList, IFixActions } from '../components/findingsList';
import { NotebookFindings } from '../findings/model';

export interface IFindingsViewProps {
  findings: NotebookFindings | null;
  actions: IFixActions | null;
  trans: TranslationBundle;
}

/** The plaintext secrets in the active notebook, live as the user types. */
export function FindingsView({ findings, actions, trans }: IFindingsViewProps): JSX.Element {
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
      {findings.problem && (
        <div className="jp-secrets-error" role="alert">
          {findings.problem}
        </div>
      )}
      {count > 0 && <FindingsList findings={findings.findings} actions={actions} trans={trans} />}
    </div>
  );
}
