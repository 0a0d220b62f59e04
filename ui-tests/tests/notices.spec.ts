import { expect, test } from '@jupyterlab/galata';
import * as fs from 'fs';
import * as path from 'path';

import { githubToken } from './steps';

test('a download that lost a key says so', async ({ page, tmpPath }) => {
  const key = githubToken();
  // Given a file written outside JupyterLab (a terminal, git), which no save hook saw
  const root = await page.evaluate(
    () => JSON.parse(document.getElementById('jupyter-config-data')!.textContent!).serverRoot as string
  );
  fs.writeFileSync(path.join(root, tmpPath, 'notes.txt'), `deploy with ${key}\n`);

  // When the user downloads it from the file browser
  await page.filebrowser.openDirectory(tmpPath);
  await page.filebrowser.refresh();
  await page.locator('.jp-DirListing-item', { hasText: 'notes.txt' }).click({ button: 'right' });
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('menuitem', { name: 'Download', exact: true }).click()
  ]);

  // Then what left holds no key, and a notification says what was removed
  const saved = fs.readFileSync(await download.path(), 'utf-8');
  expect(saved).not.toContain(key);
  await expect(
    page.locator('.Toastify__toast').filter({ hasText: `Secrets were removed from the download of ${tmpPath}/notes.txt` })
  ).toBeVisible();
});
