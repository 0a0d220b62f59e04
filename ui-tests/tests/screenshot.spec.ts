import { expect, test } from '@jupyterlab/galata';
import * as path from 'path';

import { githubToken, newNotebook, openPanel, pasteIntoCell, plainValue, section } from './steps';

/** The README shows this file; this test makes it again from the current code. */
const SCREENSHOT = path.resolve(__dirname, '..', '..', 'docs', 'panel.png');

// The title is short because the test's folder, named after it, shows in the screenshot.

test.use({ viewport: { width: 1280, height: 960 } });

test('readme', async ({ page, tmpPath }) => {
  // the store of the test server, as if this were the first test
  const existing = await (await page.request.get('/jupyter-secrets/secrets')).json();
  for (const secret of existing.secrets) {
    await page.request.delete(`/jupyter-secrets/secrets/${encodeURIComponent(secret.name)}`);
  }
  const notebook = await newNotebook(page, tmpPath, 'train.ipynb');
  for (const [name, target] of [
    ['WANDB_API_KEY', notebook],
    ['HF_TOKEN', notebook],
    ['DATABASE_URL', '']
  ]) {
    const response = await page.request.post('/jupyter-secrets/secrets', {
      data: { name, value: plainValue(), notebook: target }
    });
    expect(response.ok()).toBe(true);
  }
  await pasteIntoCell(
    page,
    0,
    `from jupyter_secrets import secret\n\nwandb_key = secret("WANDB_API_KEY")\n` +
      `github_token = "${githubToken()}"\nprint("ready")`
  );
  await openPanel(page);
  await expect(section(page, 'findings').locator('.jp-secrets-finding')).toHaveCount(1);
  await expect(page.locator('.jp-secrets-mask')).toHaveCount(1);
  await expect(section(page, 'secrets').locator('.jp-secrets-secret')).toHaveCount(3);
  // the left area wide enough to read the panel
  await page.evaluate(() => {
    const shell = (window as any).jupyterapp.shell;
    shell._hsplitPanel.setRelativeSizes([0.36, 0.64, 0]);
  });
  await page.waitForTimeout(200);
  await page.screenshot({ path: SCREENSHOT });
});
