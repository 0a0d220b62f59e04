import { TranslationBundle } from '@jupyterlab/translation';
import { Button } from '@jupyterlab/ui-components';
import * as React from 'react';

import {
  IAssistantsReply,
  IGrantRequest,
  decideGrantRequest,
  getAssistants,
  pendingGrantRequests
} from '../api/assistants';

export interface IAssistantsViewProps {
  assistants: IAssistantsReply | null;
  requests: readonly IGrantRequest[];
  problem: string | null;
  trans: TranslationBundle;
  decide(id: string, decision: 'approve' | 'deny'): void;
}

/** Installed AI assistants with what of their context is (not) guarded, and agents' requests. */
export function AssistantsView({
  assistants,
  requests,
  problem,
  trans,
  decide
}: IAssistantsViewProps): JSX.Element {
  return (
    <div className="jp-secrets-assistants">
      {problem && (
        <div className="jp-secrets-error" role="alert">
          {problem}
        </div>
      )}
      {assistants && assistants.assistants.length === 0 && (
        <p>{trans.__('No AI assistant extension is installed beside this server.')}</p>
      )}
      {assistants?.assistants.map(a => (
        <div
          key={a.package}
          className={`jp-secrets-assistant ${a.guarded ? 'jp-mod-ok' : 'jp-mod-error'}`}
          data-package={a.package}
        >
          <strong>
            {a.name} {a.version}
          </strong>{' '}
          {a.guarded ? trans.__('context guarded') : trans.__('context not fully guarded')}
          <p>{trans.__('Kept free of secrets: %1.', a.covered)}</p>
          {!a.guarded && <p>{trans.__('Can still reach its model: %1.', a.not_covered)}</p>}
        </div>
      ))}
      {assistants?.agent_server.available && (
        <p className="jp-secrets-agent-server">
          {trans.__(
            'Agents can use secrets by name, never by value, through `%1` (an MCP server).',
            assistants.agent_server.command
          )}
        </p>
      )}
      <h4>{trans.__('Grant requests from agents')}</h4>
      {requests.length === 0 && <p>{trans.__('none pending')}</p>}
      <ul className="jp-secrets-grant-requests">
        {requests.map(r => (
          <li key={r.id} data-request={r.id}>
            {trans.__('%1 asks for %2 in %3', r.requested_by, r.secret, r.target)}
            {r.reason && <em> — {r.reason}</em>}{' '}
            <Button small onClick={() => decide(r.id, 'approve')}>
              {trans.__('Approve')}
            </Button>{' '}
            <Button small minimal onClick={() => decide(r.id, 'deny')}>
              {trans.__('Deny')}
            </Button>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The section's state: asked for when the section is shown and after each decision. */
export function AssistantsSection({ trans }: { trans: TranslationBundle }): JSX.Element {
  const [assistants, setAssistants] = React.useState<IAssistantsReply | null>(null);
  const [requests, setRequests] = React.useState<IGrantRequest[]>([]);
  const [problem, setProblem] = React.useState<string | null>(null);
  const load = React.useCallback(async () => {
    try {
      const [found, pending] = await Promise.all([getAssistants(), pendingGrantRequests()]);
      setAssistants(found);
      setRequests(pending);
      setProblem(null);
    } catch (error) {
      setProblem((error as Error).message);
    }
  }, []);
  React.useEffect(() => {
    void load();
  }, [load]);
  const decide = (id: string, decision: 'approve' | 'deny') => {
    void decideGrantRequest(id, decision)
      .then(load)
      .catch(error => setProblem((error as Error).message));
  };
  return (
    <AssistantsView
      assistants={assistants}
      requests={requests}
      problem={problem}
      trans={trans}
      decide={decide}
    />
  );
}
