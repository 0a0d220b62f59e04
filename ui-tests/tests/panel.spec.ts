import { expect, test } from '@jupyterlab/galata';

import {
  newNotebook,
  openPanel,
  PANEL,
  plainValue,
  section,
  sha256,
  uniqueName
} from './helpers';

test.describe('the Secrets panel', () => {
  test('opens from its shortcut with the status of the backend', async ({ page }) => {
    // When the user presses the panel's shortcut
    await openPanel(page);

    // Then the panel shows its sections and the backend the server uses
    const panel = page.locator(PANEL);
    for (const title of ['Status', 'Findings in this notebook', 'Secrets', 'Audit']) {
      await expect(panel.getByText(title, { exact: true }).first()).toBeVisible();
    }
    const status = section(page, 'status');
    await expect(status.locator('[data-field="backend"]')).toHaveText('local');
    await expect(status.locator('[data-field="state"]')).toHaveText('reachable');
  });

  test('adds a secret that %secret reads in the notebook it was granted to', async ({
    page,
    tmpPath
  }) => {
    const name = uniqueName('UI_PASSWORD');
    const value = plainValue();
    const path = await newNotebook(page, tmpPath, 'reader.ipynb');
    await openPanel(page);

    // When the user adds a secret in the panel, granted to the open notebook
    const secrets = section(page, 'secrets');
    await secrets.getByLabel('Secret name').fill(name);
    await secrets.getByLabel('Secret value').fill(value);
    await expect(secrets.getByText(`Grant to ${path}`)).toBeVisible();
    await secrets.getByRole('button', { name: 'Add secret' }).click();

    // Then the panel lists it and the value field is empty again
    await expect(secrets.locator(`[data-name="${name}"]`)).toBeVisible();
    await expect(secrets.getByLabel('Secret value')).toHaveValue('');

    // And %secret reads it in the notebook (compared by hash: the value never enters the notebook)
    await page.notebook.setCell(
      0,
      'code',
      `%secret ${name}\nimport hashlib\nprint(hashlib.sha256(${name}.encode()).hexdigest())`
    );
    await page.notebook.runCell(0);
    const output = await page.notebook.getCellTextOutput(0);
    expect(output?.join('')).toContain(sha256(value));

    // And the value shows nowhere on the page
    expect(await page.locator('body').innerText()).not.toContain(value);
  });
});
