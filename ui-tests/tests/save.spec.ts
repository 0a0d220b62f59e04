import { expect, test } from '@jupyterlab/galata';

import {
  cellSource,
  fileOnDisk,
  githubToken,
  newNotebook,
  pasteIntoCell,
  uniqueName
} from './steps';

test.describe('a save the server refuses', () => {
  test('shows one dialog whose "Move to secret store" leaves a notebook that saves and runs', async ({
    page,
    tmpPath
  }) => {
    const key = githubToken();
    const variable = uniqueName('deploy_token').toLowerCase();
    const name = variable.toUpperCase();
    const path = await newNotebook(page, tmpPath, 'leak.ipynb');

    // Given a cell with a key pasted into it
    await pasteIntoCell(page, 0, `${variable} = "${key}"\nprint(len(${variable}), ${variable}[:4])`);

    // When the user saves
    await page.keyboard.press('Control+S');

    // Then one dialog lists the finding with its fixes
    const dialog = page.locator('.jp-Dialog');
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
    const output = (await page.notebook.getCellTextOutput(0))?.join('') ?? '';
    expect(output.trim()).toBe('40 ghp_');

    // And the key is nowhere: not on the page, not on disk after the run's save
    await page.keyboard.press('Control+S');
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
    await expect(page.locator('.jp-Dialog')).toHaveCount(0);
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

  test('does not come back with every autosave, only when the user saves', async ({
    page,
    tmpPath
  }, testInfo) => {
    test.skip(testInfo.project.name !== 'collaboration', 'collaboration saves a second after each change');
    await newNotebook(page, tmpPath, 'autosave.ipynb');
    await pasteIntoCell(page, 0, `k = "${githubToken()}"`);

    // the room's autosave is refused: one dialog, and the user keeps editing
    const dialog = page.locator('.jp-Dialog');
    await expect(dialog).toHaveCount(1, { timeout: 10000 });
    await dialog.getByRole('button', { name: 'Keep editing' }).click();

    // more edits, more refused autosaves of the same key: no dialog, one reminder
    for (const text of ['\nx = 1', '\ny = 2']) {
      await page.keyboard.insertText(text);
      await page.waitForTimeout(1500);
      await expect(dialog).toHaveCount(0);
    }
    await expect(page.locator('.Toastify__toast').filter({ hasText: 'still holds a plaintext secret' })).toHaveCount(1);

    // the user saves: the dialog is back
    await page.keyboard.press('Control+S');
    await expect(dialog).toHaveCount(1);
    expect(await cellSource(page, 0)).toContain('\nx = 1\ny = 2');
  });
});
