import { expect, test } from '@jupyterlab/galata';

import { githubToken, newNotebook, openPanel, pasteIntoCell, section } from './steps';

test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

test.describe('a key pasted into a cell', () => {
  test('shows as a finding and masked in the editor; copy keeps the real text', async ({
    page,
    tmpPath
  }) => {
    const key = githubToken();
    await newNotebook(page, tmpPath, 'paste.ipynb');
    await openPanel(page);

    // When the user pastes a key into a cell
    await pasteIntoCell(page, 0, `import os\ntoken = "${key}"  # pasted`);

    // Then the panel lists it with its rule, place and a preview that hides the key
    const finding = section(page, 'findings').locator('.jp-secrets-finding');
    await expect(finding).toHaveCount(1);
    await expect(finding.locator('.jp-secrets-finding-rule')).toHaveText('github-pat-classic');
    await expect(finding.locator('.jp-secrets-finding-place')).toHaveText('cell 1, line 2');
    await expect(finding.locator('.jp-secrets-finding-preview')).toHaveText('ghp_…');

    // And the editor shows it masked: the key is not on screen, the rest of the line is
    const cell = page.locator('.jp-Cell').nth(0);
    const mask = cell.locator('.jp-secrets-mask');
    await expect(mask).toHaveText('ghp_••••••••');
    await expect(cell.locator('.cm-content')).toContainText('# pasted');
    expect(await page.locator('body').innerText()).not.toContain(key);

    // When the user copies the cell's text and pastes it into a new cell
    await cell.locator('.cm-content').click();
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Control+C');
    await page.keyboard.press('Escape');
    await page.notebook.addCell('code', '');
    await page.locator('.jp-Cell').nth(1).locator('.cm-content').click();
    await page.keyboard.press('Control+V');

    // Then the copy held the real key: the new cell has the same finding
    await expect(finding).toHaveCount(2);
    await expect(finding.nth(1).locator('.jp-secrets-finding-place')).toHaveText('cell 2, line 2');

    // When the user clicks the mask, the key shows
    await mask.click();
    await expect(cell.locator('.cm-content')).toContainText(key);
  });

  test('click on a finding puts the cursor on its cell and line', async ({ page, tmpPath }) => {
    await newNotebook(page, tmpPath, 'jump.ipynb');
    await page.notebook.setCell(0, 'code', 'x = 1');
    await page.notebook.addCell('code', 'y = 2');
    await pasteIntoCell(page, 1, `y = 2\nz = 3\nsecret_value = "${githubToken()}"`);
    await page.notebook.selectCells(0);
    await openPanel(page);

    await section(page, 'findings').locator('.jp-secrets-finding-jump').click();

    const active = await page.evaluate(() => {
      const app = (window as any).jupyterapp;
      const notebook = app.shell.currentWidget.content;
      return { cell: notebook.activeCellIndex, cursor: notebook.activeCell.editor.getCursorPosition() };
    });
    expect(active).toEqual({ cell: 1, cursor: { line: 2, column: 16 } });
  });
});
