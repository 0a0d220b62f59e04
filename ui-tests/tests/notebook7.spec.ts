/**
 * jupyter-secrets on Notebook 7's notebook page, driven with plain Playwright: Galata's
 * fixtures and helpers know JupyterLab only. Project "notebook7" runs `jupyter notebook` with
 * collaboration on (the room saves a second after each change); "notebook7-classic" opens the
 * same page on the server without collaboration, where every save is a request of the page.
 */
import { expect, Page, test } from '@playwright/test';
import * as fs from 'fs';
import * as nodePath from 'path';

import { githubToken, notebookOf, PANEL, uniqueName } from './steps';

/** The folder the server serves (made by playwright.config.js). */
function serverRoot(): string {
  const root = process.env.UI_TESTS_NOTEBOOK7_ROOT;
  if (!root) {
    throw new Error('UI_TESTS_NOTEBOOK7_ROOT is not set: run these tests through playwright.config.js');
  }
  return root;
}

const REFUSED_ITEM = '#jupyter-secrets-refused-save';
const FINDINGS = '#jupyter-secrets-panel-findings';

/** The file as the server holds it on disk, through the contents API. */
async function fileOnDisk(page: Page, path: string): Promise<string> {
  const response = await page.request.get(`/api/contents/${path}?content=1&type=file&format=text`);
  expect(response.ok()).toBe(true);
  return (await response.json()).content as string;
}

test.describe('Notebook 7', () => {
  test.beforeEach(({}, testInfo) => {
    test.skip(testInfo.project.name !== 'notebook7', 'collaboration on');
  });

  test('masks planted keys, names them in the panel and the menu bar, and refuses to save them', async ({
    page
  }) => {
    const key = githubToken();
    const printed = githubToken();
    const name = `${uniqueName('nb7')}.ipynb`;

    // Given a notebook with a key in a cell and another in an output, written to the server's
    // folder as a git checkout would (no save hook sees it)
    const notebook = notebookOf(`token = "${key}"`, 'x = 1') as { cells: Record<string, unknown>[] };
    notebook.cells[1].outputs = [{ output_type: 'stream', name: 'stdout', text: `printed: ${printed}\n` }];
    const file = nodePath.join(serverRoot(), name);
    fs.writeFileSync(file, JSON.stringify(notebook));
    const original = fs.readFileSync(file);
    const plainOnPage = async () => {
      const text = await page.locator('body').innerText();
      return [key, printed].filter(k => text.includes(k));
    };

    // When it is opened on Notebook 7's notebook page
    await page.goto(`/notebooks/${name}`);
    const cells = page.locator('.jp-Cell');
    await cells.first().locator('.cm-content').waitFor();

    // Then the keys are masked in the editor and in the output, and nowhere on the page in plain
    await expect(cells.nth(0).locator('.jp-secrets-mask')).toHaveText('ghp_••••••••', { timeout: 20000 });
    await expect(cells.nth(1).locator('.jp-OutputArea-output')).toHaveText('printed: ghp_••••••••');
    expect(await plainOnPage()).toEqual([]);

    // And the refused autosave (the kernel's start changed the metadata) is named in the menu
    // bar, Notebook 7 having no status bar, with no dialog over the notebook
    const refused = page.locator(REFUSED_ITEM);
    await expect(refused).toHaveText('Not saved: 1 plaintext secret', { timeout: 30000 });
    await expect(page.locator('.jp-Dialog')).toHaveCount(0);

    // When the user opens the Secrets panel from the View menu
    await page.getByRole('menuitem', { name: 'View' }).click();
    await page.locator('.lm-Menu-item').filter({ hasText: 'Open the Secrets Panel' }).click();

    // Then it shows, in a sidebar of the notebook page, the keys found in this notebook
    const panel = page.locator(PANEL);
    await expect(panel).toBeVisible();
    const findings = page.locator(FINDINGS);
    await expect(findings.locator('.jp-secrets-finding-rule')).toHaveText(['github-pat-classic', 'github-pat-classic']);
    await expect(findings).toContainText('cell 2 output, line 1');
    await expect(findings.getByRole('button', { name: /^Move to secret store/ })).toBeVisible();
    expect(await plainOnPage()).toEqual([]);

    // When the user clicks the key's finding while another cell is active
    await cells.nth(1).locator('.jp-InputPrompt').click();
    await expect(cells.nth(1)).toHaveClass(/jp-mod-active/);
    await findings.locator('.jp-secrets-finding-jump').first().click();

    // Then the cell that holds it is active again
    await expect(cells.nth(0)).toHaveClass(/jp-mod-active/);

    // And the menu bar's item opens the panel too, after the sidebar was closed
    await page.getByRole('menuitem', { name: 'View' }).click();
    await page.locator('.lm-Menu-item').filter({ hasText: 'Left Sidebar' }).hover();
    await page.locator('.lm-Menu-item').filter({ hasText: 'Show Secrets' }).click();
    await expect(panel).toBeHidden();
    await refused.click();
    await expect(panel).toBeVisible();

    // When the user edits another cell and presses Ctrl+S
    await cells.nth(1).locator('.cm-content').click();
    await page.keyboard.press('End');
    await page.keyboard.type('  # edited');
    await page.keyboard.press('Control+S');

    // Then the blocked-save dialog names the key and its fixes
    const dialog = page.locator('.jp-Dialog');
    await expect(dialog).toHaveCount(1);
    // (the key in the output alone would be stripped from the file, so it does not stop the save)
    await expect(dialog.locator('.jp-Dialog-header')).toContainText(
      `Not saved: ${name} holds a plaintext secret`
    );
    await expect(dialog.locator('.jp-secrets-finding-rule')).toHaveText(['github-pat-classic']);
    await expect(dialog.getByRole('button', { name: /^Move to secret store/ })).toBeVisible();
    expect(await plainOnPage()).toEqual([]);

    // When the user keeps editing, the edit is still there
    await dialog.getByRole('button', { name: 'Keep editing' }).click();
    await expect(dialog).toHaveCount(0);
    await expect(cells.nth(1).locator('.cm-content')).toHaveText('x = 1  # edited');

    // And the file on disk is as it was: neither the page's save nor the room's wrote it
    await page.waitForTimeout(2500);
    expect(fs.readFileSync(file).equals(original)).toBe(true);
    await expect(refused).toHaveText('Not saved: 1 plaintext secret');
  });
});

test.describe('Notebook 7 without collaboration', () => {
  test.beforeEach(({}, testInfo) => {
    test.skip(testInfo.project.name !== 'notebook7-classic', 'collaboration off');
  });

  test('a key typed into a cell is masked; Ctrl+S gives the dialog and leaves the file clean', async ({
    page
  }) => {
    const key = githubToken();
    const name = `${uniqueName('nb7')}.ipynb`;

    // Given a clean notebook, saved through the contents API, opened on the notebook page
    const put = await page.request.put(`/api/contents/${name}`, {
      data: { type: 'notebook', format: 'json', content: notebookOf('x = 1') }
    });
    expect(put.ok()).toBe(true);
    const original = await fileOnDisk(page, name);
    await page.goto(`/notebooks/${name}`);
    const cell = page.locator('.jp-Cell').first();
    await cell.locator('.cm-content').waitFor();

    // When the user pastes a key into its cell
    await cell.locator('.cm-content').click();
    await page.keyboard.press('Control+A');
    await page.keyboard.insertText(`token = "${key}"`);

    // Then it is masked at once
    await expect(cell.locator('.jp-secrets-mask')).toHaveText('ghp_••••••••');
    expect(await page.locator('body').innerText()).not.toContain(key);

    // When the user presses Ctrl+S, the server refuses the save (422) and the dialog says why
    await page.keyboard.press('Control+S');
    const dialog = page.locator('.jp-Dialog');
    await expect(dialog).toHaveCount(1);
    await expect(dialog.locator('.jp-Dialog-header')).toContainText(
      `Not saved: ${name} holds a plaintext secret`
    );
    await expect(dialog.locator('.jp-secrets-finding-rule')).toHaveText(['github-pat-classic']);
    await dialog.getByRole('button', { name: 'Keep editing' }).click();
    await expect(dialog).toHaveCount(0);

    // Then the menu bar keeps the refusal in view and opens the panel with the fixes
    const refused = page.locator(REFUSED_ITEM);
    await expect(refused).toHaveText('Not saved: 1 plaintext secret');
    await refused.click();
    const findings = page.locator(FINDINGS);
    await expect(findings.locator('.jp-secrets-finding-rule')).toHaveText(['github-pat-classic']);
    await expect(findings.getByRole('button', { name: /^Move to secret store/ })).toBeVisible();
    expect(await page.locator('body').innerText()).not.toContain(key);

    // And the file on disk is the clean one
    expect(await fileOnDisk(page, name)).toBe(original);
    expect(await cell.locator('.cm-content').innerText()).toBe('token = "ghp_••••••••"');
  });
});
