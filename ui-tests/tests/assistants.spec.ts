import { expect, test } from '@jupyterlab/galata';

import { newNotebook, openPanel, PANEL, plainValue, section, setCellSource, uniqueName } from './steps';

/** What `jupyter-secrets mcp` does for an agent's request_grant, run in a kernel of the server. */
function fileRequestAsAnAgent(name: string, target: string): string {
  return [
    'import os',
    'from traitlets.config import Config',
    'from jupyter_secrets.governance.grant_requests import request_grant',
    'from jupyter_secrets.governance.service import Governance',
    'state = os.environ["JUPYTER_SECRETS_UI_STATE"]',
    'config = Config({"GovernanceState": {"db_path": os.path.join(state, "governance.sqlite")},',
    '                 "AuditTrail": {"db_path": os.path.join(state, "audit.sqlite"),',
    '                                "key_file": os.path.join(state, "audit.key")}})',
    'agent = Governance(config, actor="agent:ui-bot", source="mcp")',
    `print("filed", request_grant(agent, "${name}", "${target}", "needs it for a chart").id)`
  ].join('\n');
}

test.describe('the AI assistants section', () => {
  test('lets the person approve a grant an agent asked for', async ({ page, tmpPath }) => {
    const name = uniqueName('UI_AGENT');
    await page.request.post('/jupyter-secrets/secrets', { data: { name, value: plainValue() } });
    const path = await newNotebook(page, tmpPath, 'agent.ipynb');

    // Given an agent that asked for the secret, for this notebook
    await setCellSource(page, 0, fileRequestAsAnAgent(name, path));
    await page.notebook.runCell(0);
    await expect
      .poll(async () => (await page.notebook.getCellTextOutput(0))?.join('') ?? '', { timeout: 30000 })
      .toContain('filed');

    // When the person opens the section and approves the request
    await openPanel(page);
    await page.locator(PANEL).getByText('AI assistants', { exact: true }).click();
    const assistants = section(page, 'assistants');
    const request = assistants.locator('li', { hasText: name });
    await expect(request).toContainText(`agent:ui-bot asks for ${name} in ${path}`);
    await request.getByRole('button', { name: 'Approve' }).click();

    // Then the request is gone from the list and the grant is the notebook's
    await expect(request).toHaveCount(0);
    const grants = await page.request.get(`/jupyter-secrets/secrets/${name}/grants`);
    const targets = ((await grants.json()).scope as { target: string }[]).map(g => g.target);
    expect(targets).toEqual([path]);
  });
});
