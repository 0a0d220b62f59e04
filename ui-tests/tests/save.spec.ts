import { expect, IJupyterLabPageFixture, test } from '@jupyterlab/galata';

import {
  cellSource,
  fileOnDisk,
  githubToken,
  newNotebook,
  notebookOf,
  openExistingNotebook,
  pasteIntoCell,
  section,
  uniqueName
} from './steps';

/**
 * With collaboration the room writes the file itself (when it opens a new notebook, and after
 * each change), so JupyterLab asks before a save from the page overwrites it.
 */
async function overwriteIfAsked(page: IJupyterLabPageFixture, project: string): Promise<void> {
  if (project !== 'collaboration') {
    return;
  }
  const changed = page.locator('.jp-Dialog').filter({ hasText: 'File Changed' });
  if (await changed.waitFor({ timeout: 5000 }).then(() => true, () => false)) {
    await changed.getByRole('button', { name: 'Overwrite' }).click();
  }
}

test.describe('a save the server refuses', () => {
  test('shows one dialog whose "Move to secret store" leaves a notebook that saves and runs', async ({
    page,
    tmpPath
  }, testInfo) => {
    const key = githubToken();
    const variable = uniqueName('deploy_token').toLowerCase();
    const name = variable.toUpperCase();
    const path = await newNotebook(page, tmpPath, 'leak.ipynb');

    // Given a cell with a key pasted into it
    await pasteIntoCell(page, 0, `${variable} = "${key}"\nprint(len(${variable}), ${variable}[:4])`);

    // When the user saves
    await page.keyboard.press('Control+S');
    const dialog = page.locator('.jp-Dialog');
    await overwriteIfAsked(page, testInfo.project.name);

    // Then one dialog lists the finding with its fixes
    await expect(dialog).toHaveCount(1);
    await expect(dialog.locator('.jp-Dialog-header')).toContainText(
      'Not saved: ' + path + ' holds a plaintext secret'
    );
    await expect(dialog.locator('.jp-secrets-finding-rule')).toHaveText('github-pat-classic');
    await page.screenshot({ path: 'test-results/blocked.png' });

    // When the user moves the key to the secret store and saves
    await dialog.getByRole('button', { name: /^Move to secret store/ }).click();
    await expect(dialog.locator('.jp-secrets-finding-done')).toContainText(`Stored as ${name}`);
    await dialog.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(dialog).toHaveCount(0);

    // Then the cell reads the key from the store, keeping the rest of the line
    const source = await cellSource(page, 0);
    expect(source).toBe(
      `from jupyter_secrets import secret\n${variable} = secret("${name}")\n` +
        `print(len(${variable}), ${variable}[:4])`
    );

    // And the notebook saved: the file on disk holds no key
    await expect.poll(async () => (await fileOnDisk(page, path)).includes(`secret(\\"${name}\\")`)).toBe(true);
    expect(await fileOnDisk(page, path)).not.toContain(key);

    // And it runs: the kernel reads the stored key (and redacts it from outputs)
    await page.notebook.runCell(0);
    await expect
      .poll(async () => ((await page.notebook.getCellTextOutput(0))?.join('') ?? '').trim())
      .toBe('40 ghp_');

    // And the key is nowhere: not on the page, not on disk after the run's save
    await page.keyboard.press('Control+S');
    await overwriteIfAsked(page, testInfo.project.name);
    await expect(page.locator('.jp-Dialog')).toHaveCount(0);
    expect(await page.locator('body').innerText()).not.toContain(key);
    expect(await fileOnDisk(page, path)).not.toContain(key);
  });
});

test.describe('a save the server strips', () => {
  test('shows a key in an output masked, then tells what was stripped and matches the file', async ({
    page,
    tmpPath
  }) => {
    const key = githubToken();
    const path = await newNotebook(page, tmpPath, 'output.ipynb');
    await page.notebook.setCell(0, 'code', 'print("hello")');

    // Given an output that holds a key, as from a kernel without the extension
    await page.evaluate(text => {
      const notebook = (window as any).jupyterapp.shell.currentWidget.content;
      notebook.model.cells.get(0).outputs.add({ output_type: 'stream', name: 'stdout', text });
    }, `token: ${key}\n`);

    // Then it is displayed masked
    const output = page.locator('.jp-Cell').nth(0).locator('.jp-OutputArea-output');
    await expect(output).toHaveText('token: ghp_••••••••');
    expect(await page.locator('body').innerText()).not.toContain(key);

    // When the notebook is saved, the server strips the output
    await page.keyboard.press('Control+S');

    // Then a notification says so, and the notebook shows what the file holds
    await expect(page.locator('.Toastify__toast').filter({ hasText: 'Secrets were stripped from' })).toBeVisible();
    await expect(output).toHaveText('token: [REDACTED:github-pat-classic]');
    await expect.poll(async () => (await fileOnDisk(page, path)).includes('REDACTED:github-pat-classic')).toBe(true);
    expect(await fileOnDisk(page, path)).not.toContain(key);
    // and no dialog of ours: a stripped save is not refused (with collaboration the room may
    // write the file after the output changed, and JupyterLab may then ask about that)
    await expect(page.locator('.jp-Dialog').filter({ hasNotText: 'File Changed' })).toHaveCount(0);
  });
});

test.describe('the dialog of a refused save', () => {
  test('"Save with secrets stripped" saves placeholders where the keys were', async ({
    page,
    tmpPath
  }) => {
    const key = githubToken();
    const path = await newNotebook(page, tmpPath, 'strip.ipynb');
    await pasteIntoCell(page, 0, `url = "https://x:${key}@example.org"\nprint(url)`);

    await page.keyboard.press('Control+S');
    const dialog = page.locator('.jp-Dialog');
    await dialog.getByRole('button', { name: 'Save with every secret replaced by a placeholder' }).click();

    const stripped = 'url = "https://x:REDACTED_GITHUB_PAT_CLASSIC@example.org"\nprint(url)';
    await expect.poll(() => cellSource(page, 0)).toBe(stripped);
    await expect.poll(async () => (await fileOnDisk(page, path)).includes('REDACTED_GITHUB_PAT_CLASSIC')).toBe(true);
    expect(await fileOnDisk(page, path)).not.toContain(key);
    await expect(dialog).toHaveCount(0);
  });
});

test.describe('a refused autosave', () => {
  // the page is reloaded on a notebook, not on the launcher galata waits for by default
  test.use({
    waitForApplication: async ({}, use) => {
      await use(async page => {
        await page.locator('#jupyterlab-splash').waitFor({ state: 'detached' });
      });
    }
  });

  test('gives a notice, not a dialog, when a notebook with a key is opened; Ctrl+S gives the dialog', async ({
    page,
    tmpPath
  }, testInfo) => {
    test.skip(testInfo.project.name !== 'collaboration', 'collaboration saves a second after each change');
    const key = githubToken();

    // Given a notebook that holds a key, opened with its kernel: the kernel's start changes the
    // metadata, and the autosave that follows is refused
    await openExistingNotebook(page, tmpPath, 'opened.ipynb', notebookOf(`k = "${key}"`, 'x = 1'));
    await page.waitForTimeout(2000);
    await page.reload();

    // Then a notice says so, with no dialog over the notebook
    const status = page.locator('.jp-secrets-refused-status');
    await expect(status).toContainText('Not saved: 1 plaintext secret', { timeout: 20000 });
    await expect(
      page.locator('.Toastify__toast').filter({ hasText: 'Not saved: opened.ipynb holds a plaintext secret (github-pat-classic)' })
    ).toHaveCount(1);
    const blocked = page.locator('.jp-Dialog').filter({ hasText: 'Not saved' });
    await expect(blocked).toHaveCount(0);

    // And the status bar item opens the panel, which names the key and its fixes
    await status.click();
    const findings = section(page, 'findings');
    await expect(findings.locator('.jp-secrets-refused')).toContainText('the last save was refused');
    await expect(findings.locator('.jp-secrets-finding-rule')).toHaveText('github-pat-classic');
    await expect(findings.getByRole('button', { name: /^Move to secret store/ })).toBeVisible();

    // When the user keeps editing, the refused autosaves stay quiet
    await pasteIntoCell(page, 1, 'x = 2');
    await page.waitForTimeout(2500);
    await expect(blocked).toHaveCount(0);

    // When the user saves, the dialog is there
    await page.keyboard.press('Control+S');
    const dialog = page.locator('.jp-Dialog');
    await expect(dialog).toHaveCount(1);
    await expect(dialog.locator('.jp-secrets-finding-rule')).toHaveText('github-pat-classic');
    await dialog.getByRole('button', { name: 'Keep editing' }).click();
    expect(await cellSource(page, 1)).toBe('x = 2');
    expect(await page.locator('body').innerText()).not.toContain(key);
  });
});
