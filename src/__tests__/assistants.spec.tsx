import { nullTranslator } from '@jupyterlab/translation';
import * as React from 'react';
import { renderToStaticMarkup } from 'react-dom/server';

import { IAssistantsReply, IGrantRequest } from '../api/assistants';
import { AssistantsView } from '../sidebar/assistants';

const trans = nullTranslator.load('jupyter_secrets');

const reply: IAssistantsReply = {
  assistants: [
    {
      name: 'Jupyter AI',
      package: 'jupyter-ai',
      version: '3.2.0',
      guarded: false,
      covered: 'outputs of kernels with the extension',
      not_covered: 'cell sources'
    }
  ],
  agent_server: { command: 'jupyter-secrets mcp', available: true, tools: ['list_secrets'] }
};

const request: IGrantRequest = {
  id: 'ab12',
  env: 'dev',
  secret: 'DB_URL',
  target: 'proj/etl.ipynb',
  requested_by: 'agent:bot',
  reason: 'load data',
  requested_at: 0,
  state: 'pending'
};

function render(requests: IGrantRequest[]): string {
  return renderToStaticMarkup(
    <AssistantsView
      assistants={reply}
      requests={requests}
      problem={null}
      trans={trans}
      decide={() => undefined}
    />
  );
}

describe('the AI assistants section', () => {
  it('says plainly that an installed assistant is not fully guarded, and what still leaks', () => {
    const html = render([]);
    expect(html).toContain('Jupyter AI 3.2.0');
    expect(html).toContain('context not fully guarded');
    expect(html).toContain('cell sources');
    expect(html).toContain('jupyter-secrets mcp');
    expect(html).toContain('none pending');
  });

  it('lists what agents asked for, with approve and deny', () => {
    const html = render([request]);
    expect(html).toContain('agent:bot asks for DB_URL in proj/etl.ipynb');
    expect(html).toContain('Approve');
    expect(html).toContain('Deny');
  });
});
