import { IJupyterLabPageFixture } from '@jupyterlab/galata';
import { createHash, randomInt } from 'crypto';
import * as fs from 'fs';
import * as nodePath from 'path';

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function randomText(length: number): string {
  let text = '';
  for (let i = 0; i < length; i++) {
    text += ALPHANUMERIC[randomInt(ALPHANUMERIC.length)];
  }
  return text;
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** CRC-32 (IEEE), as GitHub's token format uses it. */
function crc32(text: string): number {
  let crc = 0xffffffff;
  for (let i = 0; i < text.length; i++) {
    crc ^= text.charCodeAt(i);
    for (let bit = 0; bit < 8; bit++) {
      crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
    }
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function base62(value: number, width: number): string {
  let digits = '';
  for (; value > 0; value = Math.floor(value / 62)) {
    digits = BASE62[value % 62] + digits;
  }
  return digits.padStart(width, '0');
}

/**
 * A fresh key in GitHub's classic token format, made at test time (never a real one):
 * 30 random letters and digits, then their CRC-32 as 6 base62 digits, which the engine checks.
 */
export function githubToken(): string {
  const random = randomText(30);
  return 'gh' + 'p_' + random + base62(crc32(random), 6);
}

/** A value no detection rule knows: what a user would type as a password. */
export function plainValue(): string {
  return 'v-' + randomText(20);
}

export function uniqueName(prefix: string): string {
  return `${prefix}_${randomText(6).toUpperCase()}`;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export const PANEL = '#jupyter-secrets-panel';

/** Opens the Secrets panel with its keyboard shortcut. */
export async function openPanel(page: IJupyterLabPageFixture): Promise<void> {
  await page.keyboard.press('Control+Shift+Y');
  await page.locator(PANEL).waitFor({ state: 'visible' });
}

/** A section of the panel by its title. */
export function section(page: IJupyterLabPageFixture, id: string) {
  return page.locator(`#jupyter-secrets-panel-${id}`);
}

/** Replaces the text of a cell's editor as if it had been pasted. */
export async function pasteIntoCell(
  page: IJupyterLabPageFixture,
  index: number,
  text: string
): Promise<void> {
  await page.notebook.enterCellEditingMode(index);
  const editor = page.locator('.jp-Cell').nth(index).locator('.cm-content');
  await editor.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.insertText(text);
}

/**
 * Sets a cell's source through its shared model, as a paste into the document would: long code
 * typed key by key takes minutes on a loaded machine.
 */
export async function setCellSource(
  page: IJupyterLabPageFixture,
  index: number,
  source: string
): Promise<void> {
  await page.evaluate(
    ([i, text]) => {
      const notebook = (window as any).jupyterapp.shell.currentWidget.content;
      notebook.model.cells.get(i).sharedModel.setSource(text);
    },
    [index, source] as [number, string]
  );
}

/** The file as the server holds it on disk, through the contents API. */
export async function fileOnDisk(page: IJupyterLabPageFixture, path: string): Promise<string> {
  const response = await page.request.get(`/api/contents/${path}?content=1&type=file&format=text`);
  if (!response.ok()) {
    throw new Error(`GET ${path}: ${response.status()}`);
  }
  return (await response.json()).content as string;
}

/**
 * Creates an empty Python notebook at `tmpPath/name` and opens it. Unlike galata's
 * `createNew(name)`, which renames an Untitled notebook behind JupyterLab's back, the kernel's
 * session then carries the notebook's real path.
 */
export async function newNotebook(
  page: IJupyterLabPageFixture,
  tmpPath: string,
  name: string
): Promise<string> {
  const path = `${tmpPath}/${name}`;
  const notebook = {
    cells: [{ cell_type: 'code', source: '', metadata: {}, outputs: [], execution_count: null }],
    metadata: {
      kernelspec: { name: 'python3', display_name: 'Python 3', language: 'python' }
    },
    nbformat: 4,
    nbformat_minor: 5
  };
  await page.contents.uploadContent(JSON.stringify(notebook), 'text', path);
  await page.notebook.openByPath(path);
  await page.notebook.activate(name);
  return path;
}

/** The source of a cell of the active notebook, from its model. */
export async function cellSource(page: IJupyterLabPageFixture, index: number): Promise<string> {
  return page.evaluate(i => {
    const notebook = (window as any).jupyterapp.shell.currentWidget.content;
    return notebook.model.cells.get(i).sharedModel.getSource() as string;
  }, index);
}

/**
 * Writes a notebook straight into the server's folder, as a git checkout does (no save hook
 * sees it), and opens it. Returns its path.
 */
export async function openExistingNotebook(
  page: IJupyterLabPageFixture,
  tmpPath: string,
  name: string,
  notebook: Record<string, unknown>
): Promise<string> {
  const path = `${tmpPath}/${name}`;
  const root = await page.evaluate(
    () => JSON.parse(document.getElementById('jupyter-config-data')!.textContent!).serverRoot as string
  );
  fs.mkdirSync(nodePath.join(root, tmpPath), { recursive: true });
  fs.writeFileSync(nodePath.join(root, path), JSON.stringify(notebook));
  await page.evaluate(p => (window as any).jupyterapp.commands.execute('docmanager:open', { path: p }), path);
  return path;
}

/** A notebook of code cells, with the Python kernel as its kernelspec. */
export function notebookOf(...sources: string[]): Record<string, unknown> {
  return {
    cells: sources.map(source => ({
      cell_type: 'code', execution_count: null, metadata: {}, source, outputs: []
    })),
    metadata: { kernelspec: { name: 'python3', display_name: 'Python 3', language: 'python' } },
    nbformat: 4,
    nbformat_minor: 5
  };
}
