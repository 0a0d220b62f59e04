import { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

import { IStatus } from '../api/types';

export interface IStatusViewProps {
  status: IStatus | null;
  /** Why the server could not be asked (e.g. the server extension is missing). */
  problem: string | null;
  trans: TranslationBundle;
}

function stateLabel(status: IStatus, trans: TranslationBundle): string {
  if (status.ok) {
    return status.read_only ? trans.__('reachable, read-only') : trans.__('reachable');
  }
  return /locked/i.test(status.message) ? trans.__('locked') : trans.__('not reachable');
}

function StatusFields({ status, trans }: { status: IStatus; trans: TranslationBundle }): JSX.Element {
  return (
    <dl>
      <dt>{trans.__('Backend')}</dt>
      <dd data-field="backend">{status.backend ?? trans.__('none')}</dd>
      <dt>{trans.__('Environment')}</dt>
      <dd data-field="env">{status.env}</dd>
      <dt>{trans.__('State')}</dt>
      <dd data-field="state">
        <span className="jp-secrets-state-dot" aria-hidden="true" />
        {stateLabel(status, trans)}
      </dd>
      {status.detail && (
        <>
          <dt>{trans.__('Where')}</dt>
          <dd data-field="detail">{status.detail}</dd>
        </>
      )}
    </dl>
  );
}

/** A part of the server that is not working (the guards, the audit trail), and the fix. */
function HealthAlert({
  field,
  title,
  problems,
  fix,
  trans
}: {
  field: string;
  title: string;
  problems: string[];
  fix: string;
  trans: TranslationBundle;
}): JSX.Element {
  return (
    <div className="jp-secrets-error" role="alert" data-field={field}>
      <strong>{title}</strong>
      {problems.map(problem => (
        <p key={problem}>{problem}</p>
      ))}
      {fix && (
        <p className="jp-secrets-fix">
          <strong>{trans.__('Fix: ')}</strong>
          {fix}
        </p>
      )}
    </div>
  );
}

/** Which backend and environment are in use, and what to do when the backend does not work. */
export function StatusView({ status, problem, trans }: IStatusViewProps): JSX.Element {
  if (problem && !status) {
    return (
      <div className="jp-secrets-status jp-mod-error" role="alert">
        {problem}
      </div>
    );
  }
  if (!status) {
    return <div className="jp-secrets-status">{trans.__('Asking the server…')}</div>;
  }
  const guards = status.guards;
  const audit = status.audit;
  const healthy = status.ok && guards?.ok !== false && audit?.ok !== false;
  return (
    <div className={`jp-secrets-status ${healthy ? 'jp-mod-ok' : 'jp-mod-error'}`}>
      <StatusFields status={status} trans={trans} />
      {status.reason && <p className="jp-secrets-reason">{status.reason}</p>}
      {!status.ok && (
        <div role="alert">
          {status.message && <p>{status.message}</p>}
          {status.fix && (
            <p className="jp-secrets-fix">
              <strong>{trans.__('Fix: ')}</strong>
              {status.fix}
            </p>
          )}
        </div>
      )}
      {guards && !guards.ok && (
        <HealthAlert
          field="guards"
          title={trans.__('Saves, exports and downloads are not being checked')}
          problems={[guards.problem]}
          fix={guards.fix}
          trans={trans}
        />
      )}
      {audit && !audit.ok && (
        <HealthAlert
          field="audit"
          title={trans.__('The audit trail was changed behind the server')}
          problems={audit.problems}
          fix={audit.fix}
          trans={trans}
        />
      )}
      {problem && (
        <div className="jp-secrets-error" role="alert">
          {problem}
        </div>
      )}
    </div>
  );
}
