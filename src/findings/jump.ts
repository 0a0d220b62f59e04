import { JupyterFrontEnd } from '@jupyterlab/application';
import { NotebookPanel } from '@jupyterlab/notebook';

import { IFinding } from '../api/types';

/** Activates the finding's notebook and puts the cursor on its cell and line. */
export async function jumpToFinding(
  app: JupyterFrontEnd,
  panel: NotebookPanel,
  finding: IFinding
): Promise<void> {
  if (finding.cell === null) {
    return;
  }
  app.shell.activateById(panel.id);
  const notebook = panel.content;
  notebook.activeCellIndex = finding.cell;
  notebook.deselectAll();
  await notebook.scrollToItem(finding.cell, 'center');
  const cell = notebook.activeCell;
  if (!cell || finding.where !== 'source') {
    return;
  }
  notebook.mode = 'edit';
  await cell.ready;
  const editor = cell.editor;
  if (editor) {
    const position = { line: finding.line - 1, column: finding.column - 1 };
    editor.setCursorPosition(position);
    editor.revealPosition(position);
    editor.focus();
  }
}
