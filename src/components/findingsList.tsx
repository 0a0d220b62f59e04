import { TranslationBundle } from '@jupyterlab/translation';
import { Button } from '@jupyterlab/ui-components';
import * as React from 'react';

import { IFinding } from '../api/types';

/** The one-click fixes a list of findings offers; each resolves with what it did. */
export interface IFixActions {
  move(finding: IFinding): Promise<string>;
  allow(finding: IFinding): Promise<string>;
  redact(finding: IFinding): Promise<string>;
  /** Shows the finding in its notebook; absent where jumping makes no sense (a dialog). */
  jump?(finding: IFinding): void;
}

export function findingKey(finding: IFinding): string {
  return `${finding.cell}:${finding.where}:${finding.output}:${finding.line}:${finding.column}:${finding.fingerprint}`;
}

/** "cell 3, line 2" or "cell 3 output 1, line 2" or "line 4": 1-based, as people count. */
export function placeOf(finding: IFinding, trans: TranslationBundle): string {
  if (finding.cell === null) {
    return trans.__('line %1', finding.line);
  }
  const cell = finding.cell + 1;
  switch (finding.where) {
    case 'outputs':
      return trans.__('cell %1 output, line %2', cell, finding.line);
    case 'metadata':
      return trans.__('cell %1 metadata', cell);
    case 'attachments':
      return trans.__('cell %1 attachment', cell);
    default:
      return trans.__('cell %1, line %2', cell, finding.line);
  }
}

export function canFix(finding: IFinding): boolean {
  return finding.where === 'source' && finding.cell !== null;
}

type RowState = { busy: boolean; done?: string; error?: string };

interface IRowProps {
  finding: IFinding;
  actions: IFixActions;
  trans: TranslationBundle;
}

interface IFixButtonsProps {
  label: string;
  busy: boolean;
  trans: TranslationBundle;
  run(fix: 'move' | 'allow' | 'redact'): void;
}

function FixButtons({ label, busy, trans, run }: IFixButtonsProps): JSX.Element {
  return (
    <div className="jp-secrets-finding-fixes">
      <Button
        small
        disabled={busy}
        onClick={() => run('move')}
        title={trans.__('Store the key in the secret store and read it with secret("NAME")')}
        aria-label={trans.__('Move to secret store: %1', label)}
      >
        {trans.__('Move to secret store')}
      </Button>
      <Button
        small
        minimal
        disabled={busy}
        onClick={() => run('allow')}
        title={trans.__('Not a real secret: add the "# secrets: allow" comment')}
        aria-label={trans.__('Allow here: %1', label)}
      >
        {trans.__('Allow here')}
      </Button>
      <Button
        small
        minimal
        disabled={busy}
        onClick={() => run('redact')}
        title={trans.__('Replace the key with a placeholder')}
        aria-label={trans.__('Redact: %1', label)}
      >
        {trans.__('Redact')}
      </Button>
    </div>
  );
}

function FindingSummary({ finding, actions, trans }: IRowProps): JSX.Element {
  const place = placeOf(finding, trans);
  const summary = (
    <>
      <span className="jp-secrets-finding-rule">{finding.rule}</span>
      <span className="jp-secrets-finding-place">{place}</span>
      <code className="jp-secrets-finding-preview">{finding.preview}</code>
    </>
  );
  if (!actions.jump) {
    return <div className="jp-secrets-finding-summary">{summary}</div>;
  }
  return (
    <button
      className="jp-secrets-finding-jump"
      title={trans.__('Show %1', place)}
      aria-label={trans.__('Show %1', `${finding.rule}, ${place}`)}
      onClick={() => actions.jump?.(finding)}
    >
      {summary}
    </button>
  );
}

function FindingRow({ finding, actions, trans }: IRowProps): JSX.Element {
  const [state, setState] = React.useState<RowState>({ busy: false });
  const run = async (fix: 'move' | 'allow' | 'redact') => {
    setState({ busy: true });
    try {
      setState({ busy: false, done: await actions[fix](finding) });
    } catch (error) {
      setState({ busy: false, error: (error as Error).message });
    }
  };
  const label = `${finding.rule}, ${placeOf(finding, trans)}`;
  return (
    <li className="jp-secrets-finding" data-rule={finding.rule}>
      <FindingSummary finding={finding} actions={actions} trans={trans} />
      {state.done ? (
        <div className="jp-secrets-finding-done" role="status">
          {state.done}
        </div>
      ) : canFix(finding) ? (
        <FixButtons label={label} busy={state.busy} trans={trans} run={fix => void run(fix)} />
      ) : (
        <div className="jp-secrets-finding-note">
          {trans.__('Stripped from outputs and metadata when saved')}
        </div>
      )}
      {state.error && (
        <div className="jp-secrets-error" role="alert">
          {state.error}
        </div>
      )}
    </li>
  );
}

export interface IFindingsListProps {
  findings: readonly IFinding[];
  actions: IFixActions;
  trans: TranslationBundle;
}

/** Findings with their place, rule, masked preview and fixes. */
export function FindingsList(props: IFindingsListProps): JSX.Element {
  return (
    <ul className="jp-secrets-findings" aria-label={props.trans.__('Plaintext secrets')}>
      {props.findings.map(finding => (
        <FindingRow
          key={findingKey(finding)}
          finding={finding}
          actions={props.actions}
          trans={props.trans}
        />
      ))}
    </ul>
  );
}
