/**
 * jupyter-secrets on Notebook 7's notebook page (`jupyter notebook`), driven with plain
 * Playwright: Galata's fixtures and helpers know JupyterLab only. The server runs with
 * collaboration on, so the room saves a second after each change.
 */
import { expect, test } from '@playwright/test';
import { randomInt } from 'crypto';
import * as fs from 'fs';
import * as nodePath from 'path';
import { crc32 } from 'zlib';

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/** Base62 digits in the order GitHub's checksum uses: 0-9, A-Z, a-z. */
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

function randomText(length: number): string {
  return Array.from({ length }, () => ALPHANUMERIC[randomInt(ALPHANUMERIC.length)]).join('');
}

/**
 * A fresh key in GitHub's documented classic token format, made at test time: the prefix,
 * 30 random base62 characters and their CRC32 as 6 base62 digits (never a real token).
 */
function githubToken(): string {
  const body = randomText(30);
  let sum = crc32(body);
  let check = '';
  while (sum) {
    check = BASE62[sum % 62] + check;
    sum = Math.floor(sum / 62);
  }
  return 'gh' + 'p_' + body + check.padStart(6, '0');
}

/** A notebook of code cells, whose kernelspec the kernel's start rewrites (so the room saves). */
function notebookOf(...sources: string[]): string {
  return JSON.stringify({
    cells: sources.map(source => ({
      cell_type: 'code', execution_count: null, metadata: {}, source, outputs: []
    })),
    metadata: { kernelspec: { name: 'python3', display_name: 'Python 3', language: 'python' } },
    nbformat: 4,
    nbformat_minor: 5
  });
}

/** The folder the server serves (made by playwright.config.js). */
function serverRoot(): string {
  const root = process.env.UI_TESTS_NOTEBOOK7_ROOT;
  if (!root) {
    throw new Error('UI_TESTS_NOTEBOOK7_ROOT is not set: run these tests through playwright.config.js');
  }
  return root;
}

const PANEL = '#jupyter-secrets-panel';
const REFUSED_ITEM = '#jupyter-secrets-refused-save';

test.describe('Notebook 7', () => {
  test('masks a planted key, names it in the panel and the menu bar, and refuses to save it', async ({
    page
  }) => {
    const key = githubToken();
    const name = `nb7-${randomText(8)}.ipynb`;

    // Given a notebook holding a key, written to the server's folder as a git checkout would
    const file = nodePath.join(serverRoot(), name);
    fs.writeFileSync(file, notebookOf(`token = "${key}"`, 'x = 1'));
    const original = fs.readFileSync(file);

    // When it is opened on Notebook 7's notebook page
    await page.goto(`/notebooks/${name}`);
    const cells = page.locator('.jp-Cell');
    await cells.first().locator('.cm-content').waitFor();

    // Then the key is masked in the editor, and nowhere on the page in plain
    await expect(cells.nth(0).locator('.jp-secrets-mask')).toHaveText('ghp_••••••••', { timeout: 20000 });
    expect(await page.locator('body').innerText()).not.toContain(key);

    // And the refused autosave (the kernel's start changed the metadata) is named in the menu
    // bar, Notebook 7 having no status bar, with no dialog over the notebook
    const refused = page.locator(REFUSED_ITEM);
    await expect(refused).toHaveText('Not saved: 1 plaintext secret', { timeout: 30000 });
    await expect(page.locator('.jp-Dialog')).toHaveCount(0);

    // When the user opens the Secrets panel from the View menu
    await page.getByRole('menuitem', { name: 'View' }).click();
    await page.locator('.lm-Menu-item').filter({ hasText: 'Open the Secrets Panel' }).click();

    // Then it shows, in a sidebar of the notebook page, the key found in this notebook
    const panel = page.locator(PANEL);
    await expect(panel).toBeVisible();
    const findings = page.locator('#jupyter-secrets-panel-findings');
    await expect(findings.locator('.jp-secrets-finding-rule')).toHaveText('github-pat-classic');
    await expect(findings.getByRole('button', { name: /^Move to secret store/ })).toBeVisible();
    expect(await page.locator('body').innerText()).not.toContain(key);

    // And the menu bar's item opens it too, after the sidebar was closed
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
    await expect(dialog.locator('.jp-Dialog-header')).toContainText(
      `Not saved: ${name} holds a plaintext secret`
    );
    await expect(dialog.locator('.jp-secrets-finding-rule')).toHaveText('github-pat-classic');
    expect(await page.locator('body').innerText()).not.toContain(key);

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
