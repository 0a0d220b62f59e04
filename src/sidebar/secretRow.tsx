import { TranslationBundle } from '@jupyterlab/translation';
import { Button } from '@jupyterlab/ui-components';
import * as React from 'react';

import { deleteSecret, grant, reveal } from '../api/client';
import { IGrant, ISecretEntry } from '../api/types';
import { askWorkload, confirmDelete, showRevealed } from '../dialogs/secretDialogs';
import { RotationForm } from './rotation';

export interface ISecretRowProps {
  secret: ISecretEntry;
  /** The active notebook's path, for "Grant to this notebook"; null when none is active. */
  notebook: string | null;
  trans: TranslationBundle;
  changed(): void;
}

export function when(stamp: number | null | undefined, trans: TranslationBundle): string {
  return stamp ? new Date(stamp * 1000).toLocaleString() : trans.__('never');
}

function grantText(grant: IGrant, trans: TranslationBundle): string {
  const origin = grant.source === 'stored' || !grant.source ? '' : ` (${grant.source})`;
  return grant.kind === 'workload'
    ? trans.__('workload %1', grant.target) + origin
    : grant.target + origin;
}

function SecretMeta({ secret, trans }: { secret: ISecretEntry; trans: TranslationBundle }): JSX.Element {
  return (
    <dl className="jp-secrets-secret-meta">
      <dt>{trans.__('Scope')}</dt>
      <dd>
        {secret.scope.length
          ? secret.scope.map(g => grantText(g, trans)).join(', ')
          : trans.__('no notebook yet')}
      </dd>
      <dt>{trans.__('Last used')}</dt>
      <dd>
        {when(secret.last_used, trans)}
        {secret.reads ? ' · ' + trans._n('%1 read', '%1 reads', secret.reads) : ''}
      </dd>
      {secret.used_by.length > 0 && (
        <>
          <dt>{trans.__('Used by')}</dt>
          <dd>{secret.used_by.join(', ')}</dd>
        </>
      )}
    </dl>
  );
}

interface ISecretActions {
  grantNotebook(): void;
  grantWorkload(): void;
  reveal(): void;
  remove(): void;
}

/** The server calls behind a secret's buttons; failures land in `setProblem`. */
function secretActions(
  { secret, notebook, trans, changed }: ISecretRowProps,
  setProblem: (problem: string | null) => void
): ISecretActions {
  const name = secret.name;
  const act = (action: () => Promise<unknown>) => () => {
    setProblem(null);
    action().catch(error => setProblem((error as Error).message));
  };
  return {
    grantNotebook: act(async () => {
      if (notebook) {
        await grant(name, 'notebook', notebook);
        changed();
      }
    }),
    grantWorkload: act(async () => {
      const workload = await askWorkload(name, trans);
      if (workload) {
        await grant(name, 'workload', workload);
        changed();
      }
    }),
    reveal: act(async () => showRevealed(name, await reveal(name), trans)),
    remove: act(async () => {
      if (await confirmDelete(name, trans)) {
        await deleteSecret(name);
        changed();
      }
    })
  };
}

/** One secret: its metadata, and grant, rotate, reveal and delete. Never its value. */
export function SecretRow(props: ISecretRowProps): JSX.Element {
  const { secret, notebook, trans, changed } = props;
  const [rotating, setRotating] = React.useState(false);
  const [problem, setProblem] = React.useState<string | null>(null);
  const name = secret.name;
  const actions = secretActions(props, setProblem);
  const granted =
    notebook !== null && secret.scope.some(g => g.kind === 'notebook' && g.target === notebook);

  return (
    <li className="jp-secrets-secret" data-name={name}>
      <div className="jp-secrets-secret-head">
        <span className="jp-secrets-secret-name">{name}</span>
        {secret.version && (
          <span className="jp-secrets-badge" title={trans.__('Updated %1', when(secret.updated, trans))}>
            {trans.__('v%1', secret.version)}
          </span>
        )}
        {secret.rotation && <span className="jp-secrets-badge">{secret.rotation.state}</span>}
      </div>
      <SecretMeta secret={secret} trans={trans} />
      <div className="jp-secrets-secret-actions">
        <Button small minimal disabled={!notebook || granted} onClick={actions.grantNotebook}
          title={notebook ? trans.__('Let %1 read it', notebook) : trans.__('Open a notebook first')}
          aria-label={trans.__('Grant %1 to the current notebook', name)}>
          {granted ? trans.__('Granted here') : trans.__('Grant to notebook')}
        </Button>
        <Button small minimal onClick={actions.grantWorkload} aria-label={trans.__('Grant %1 to a workload', name)}>
          {trans.__('Grant to workload…')}
        </Button>
        <Button small minimal onClick={() => setRotating(!rotating)} aria-expanded={rotating}
          aria-label={trans.__('Rotate %1', name)}>
          {trans.__('Rotate')}
        </Button>
        <Button small minimal onClick={actions.reveal} title={trans.__('Show the value (audited)')}
          aria-label={trans.__('Reveal %1', name)}>
          {trans.__('Reveal')}
        </Button>
        <Button small minimal className="jp-mod-warn" onClick={actions.remove} aria-label={trans.__('Delete %1', name)}>
          {trans.__('Delete')}
        </Button>
      </div>
      {rotating && <RotationForm name={name} rotation={secret.rotation} trans={trans} changed={changed} />}
      {problem && <div className="jp-secrets-error" role="alert">{problem}</div>}
    </li>
  );
}
