import { expect, test } from '@jupyterlab/galata';

import {
  newNotebook,
  openPanel,
  PANEL,
  plainValue,
  section,
  sha256,
  uniqueName
} from './steps';

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

    // And the command palette lists the panel's commands
    await page.keyboard.press('Control+Shift+C');
    await page.locator('.lm-CommandPalette-input').fill('secret');
    const items = page.locator('.lm-CommandPalette-item');
    for (const label of ['Open the Secrets Panel', 'Scan the Notebook for Secrets', 'Add a Secret…', 'Show the Secrets Audit']) {
      await expect(items.filter({ hasText: label })).toHaveCount(1);
    }
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
    // the output may arrive after the run is reported done on a loaded machine
    await expect
      .poll(async () => (await page.notebook.getCellTextOutput(0))?.join('') ?? '', { timeout: 30000 })
      .toContain(sha256(value));

    // And the value shows nowhere on the page
    expect(await page.locator('body').innerText()).not.toContain(value);
  });
});

test.describe('a secret in the panel', () => {
  test('is revealed only on request, and the reveal shows in the audit', async ({ page }) => {
    const name = uniqueName('UI_REVEAL');
    const value = plainValue();
    await page.request.post('/jupyter-secrets/secrets', { data: { name, value } });
    await openPanel(page);
    const row = section(page, 'secrets').locator(`[data-name="${name}"]`);
    await page.locator(PANEL).getByRole('button', { name: 'Refresh' }).click();
    await expect(row).toBeVisible();
    expect(await page.locator('body').innerText()).not.toContain(value);

    // When the user presses Reveal, a dialog shows the value until it is closed
    await row.getByRole('button', { name: `Reveal ${name}` }).click();
    const dialog = page.locator('.jp-Dialog');
    await expect(dialog.getByLabel('Secret value')).toHaveValue(value);
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect(dialog).toHaveCount(0);
    expect(await page.locator('body').innerText()).not.toContain(value);

    // And the audit section lists the reveal
    await page.locator(PANEL).getByText('Audit', { exact: true }).click();
    const audit = section(page, 'audit');
    await audit.getByLabel('Filter audit events by secret').fill(name);
    await audit.getByRole('button', { name: 'Apply' }).click();
    await expect(audit.locator('tr', { hasText: 'reveal · ok' })).toHaveCount(1);
  });

  test('rotates in steps, rolls back, and is deleted after a confirmation', async ({ page }) => {
    const name = uniqueName('UI_ROTATE');
    await page.request.post('/jupyter-secrets/secrets', { data: { name, value: plainValue() } });
    await openPanel(page);
    await page.locator(PANEL).getByRole('button', { name: 'Refresh' }).click();
    const row = section(page, 'secrets').locator(`[data-name="${name}"]`);

    // stage a new value, validate it, cut over
    await row.getByRole('button', { name: `Rotate ${name}` }).click();
    await row.getByLabel(`New value of ${name}`).fill(plainValue());
    for (const step of ['Stage', 'Validate', 'Cut over']) {
      await row.getByRole('button', { name: `${step} ${name}` }).click();
      await expect(row.locator('.jp-secrets-rotation-state')).not.toContainText('never rotated');
    }
    await expect(row.locator('.jp-secrets-badge').first()).toHaveText('v2');
    await expect(row.locator('.jp-secrets-rotation-state')).toContainText('Rotation: overlap');

    // roll back to the previous value
    await row.getByRole('button', { name: `Roll back ${name}` }).click();
    await expect(row.locator('.jp-secrets-rotation-state')).toContainText('Rotation: rolled-back');

    // delete, after saying yes
    await row.getByRole('button', { name: `Delete ${name}` }).click();
    await page.locator('.jp-Dialog').getByRole('button', { name: `Delete ${name}` }).click();
    await expect(row).toHaveCount(0);
  });
});
