import { expect, test } from '@jupyterlab/galata';
import { Request } from '@playwright/test';

import { githubToken, openExistingNotebook } from './steps';

const API = '/jupyter-secrets/';

/** A call of the server extension's REST API (its static files are not). */
function isAPI(request: Request): boolean {
  return new URL(request.url()).pathname.startsWith(API);
}

// the page opens on a notebook, not on the launcher galata waits for by default
test.use({
  waitForApplication: async ({}, use) => {
    await use(async page => {
      await page.locator('#jupyterlab-splash').waitFor({ state: 'detached' });
    });
  }
});

/** A notebook as people keep them: code with printed tables, markdown, a plot, one pasted key. */
function typicalNotebook(key: string): Record<string, unknown> {
  const table = 'col_a  col_b  col_c\n' + '1.0  2.0  3.0\n'.repeat(120);
  const png = 'iVBORw0KGgo' + 'A'.repeat(60_000);
  const cells: Record<string, unknown>[] = [
    { cell_type: 'code', execution_count: null, metadata: {}, source: `token = "${key}"`, outputs: [] }
  ];
  for (let i = 0; i < 40; i++) {
    if (i % 8 === 0) {
      cells.push({ cell_type: 'markdown', metadata: {}, source: `## Part ${i / 8}\nSome notes.` });
    }
    const outputs: Record<string, unknown>[] = [
      { output_type: 'stream', name: 'stdout', text: `part ${i}\n` + table }
    ];
    if (i % 10 === 5) {
      outputs.push({
        output_type: 'display_data',
        metadata: {},
        data: { 'image/png': png, 'text/plain': '<Figure size 640x480>' }
      });
    }
    cells.push({
      cell_type: 'code',
      execution_count: i + 1,
      metadata: {},
      source: `df_${i} = load("part-${i}.csv")\nprint(df_${i})`,
      outputs
    });
  }
  return {
    cells,
    metadata: { kernelspec: { name: 'python3', display_name: 'Python 3', language: 'python' } },
    nbformat: 4,
    nbformat_minor: 5
  };
}

interface IRecorded {
  url: string;
  bytes: number;
  ms: number;
}

test('opening a notebook costs at most three requests to the server extension', async ({
  page,
  tmpPath
}) => {
  const key = githubToken();
  const path = `${tmpPath}/typical.ipynb`;
  const text = JSON.stringify(typicalNotebook(key));
  await openExistingNotebook(page, tmpPath, 'typical.ipynb', JSON.parse(text));
  await page.waitForTimeout(3000);

  // When the page loads with the notebook open
  const recorded: IRecorded[] = [];
  const pending = new Set<Request>();
  let last = Date.now();
  page.on('request', request => {
    if (isAPI(request)) {
      pending.add(request);
      last = Date.now();
    }
  });
  const finished = (request: Request) => {
    if (pending.delete(request)) {
      const timing = request.timing();
      recorded.push({
        url: request.url().split(API)[1],
        bytes: request.postDataBuffer()?.length ?? 0,
        ms: timing.responseEnd
      });
      last = Date.now();
    }
  };
  page.on('requestfinished', finished);
  page.on('requestfailed', finished);
  await page.reload();

  // Then the key is found and masked, in the editor and in the panel's findings
  const cell = page.locator('.jp-Cell').first();
  await expect(cell.locator('.jp-secrets-mask')).toHaveText('ghp_••••••••', { timeout: 15000 });
  await page.waitForFunction(() => {
    const panel = (window as any).jupyterapp.shell.currentWidget;
    return panel?.sessionContext?.session?.kernel?.status === 'idle';
  });
  // and nothing more is asked once the page has settled (kernel started, autosaves answered)
  const started = Date.now();
  while ((Date.now() - last < 6000 || pending.size) && Date.now() - started < 30000) {
    await page.waitForTimeout(250);
  }

  const summary = recorded.map(r => `${r.url} ${r.bytes} B ${Math.round(r.ms)} ms`).join('\n');
  const uploaded = recorded.reduce((sum, r) => sum + r.bytes, 0);
  test.info().annotations.push({
    type: 'requests',
    description: `${recorded.length} requests, ${uploaded} bytes up, notebook ${text.length} bytes\n${summary}`
  });
  console.log(`${recorded.length} requests, ${uploaded} bytes up (notebook: ${text.length})\n${summary}`);
  expect(recorded.length).toBeLessThanOrEqual(3);
  // the notebook's text goes up once, never its images
  expect(uploaded).toBeLessThan(text.length);
});
