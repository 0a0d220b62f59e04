import { ICellModel } from '@jupyterlab/cells';
import { INotebookModel } from '@jupyterlab/notebook';

import { addSecret } from '../api/client';
import { SpanFinder } from '../api/spans';
import { IFinding, ISpan } from '../api/types';
import {
  allowHere,
  applyEdits,
  CellKind,
  hasSecretImport,
  IEdit,
  IMPORT_LINE,
  moveToSecret,
  redact,
  suggestName
} from './edits';
import { redactMetadata, redactOutputs } from './outputs';

/** A fix that could not be made; the message holds no secret. */
export class FixError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FixError';
  }
}

interface ILocated {
  cell: ICellModel;
  source: string;
  span: ISpan;
}

function cellKind(cell: ICellModel): CellKind {
  return cell.type === 'code' || cell.type === 'markdown' ? cell.type : 'raw';
}

/** The same span as a finding: the server gives both the same line and column. */
export function spanOfFinding(spans: ISpan[], finding: IFinding): ISpan | null {
  return (
    spans.find(s => s.line === finding.line && s.column === finding.column) ??
    spans.find(s => s.line === finding.line && s.rule === finding.rule) ??
    null
  );
}

/** Writes edits into a cell in one undoable step, if the edited text is still what was read. */
function writeEdits(cell: ICellModel, read: string, edits: IEdit[]): void {
  const now = cell.sharedModel.getSource();
  if (now !== read && edits.some(e => now.slice(e.from, e.to) !== read.slice(e.from, e.to))) {
    throw new FixError('the cell changed while the fix was being made: nothing was rewritten');
  }
  cell.sharedModel.transact(() => {
    for (const edit of [...edits].sort((a, b) => b.from - a.from)) {
      cell.sharedModel.updateSource(edit.from, edit.to, edit.insert);
    }
  });
}

/**
 * The one-click fixes applied to a notebook model. Key values are read from the model here,
 * in the browser; `moveToStore` sends the value once, to the server's add endpoint.
 */
export class NotebookFixer {
  constructor(finder: SpanFinder) {
    this._finder = finder;
  }

  async locate(model: INotebookModel, finding: IFinding): Promise<ILocated> {
    if (finding.where !== 'source' || finding.cell === null) {
      throw new FixError('only keys in cell sources can be fixed this way');
    }
    const cell = model.cells.get(finding.cell);
    if (!cell) {
      throw new FixError(`cell ${finding.cell + 1} no longer exists: scan again`);
    }
    const source = cell.sharedModel.getSource();
    const span = spanOfFinding(await this._finder.find(source), finding);
    if (!span) {
      throw new FixError(`the key is no longer at cell ${finding.cell + 1}, line ${finding.line}`);
    }
    return { cell, source, span };
  }

  async redact(model: INotebookModel, finding: IFinding): Promise<void> {
    const { cell, source, span } = await this.locate(model, finding);
    writeEdits(cell, source, redact(span));
  }

  async allowHere(model: INotebookModel, finding: IFinding): Promise<void> {
    const { cell, source, span } = await this.locate(model, finding);
    writeEdits(cell, source, allowHere(source, span, cellKind(cell)));
  }

  /**
   * Stores the key under a suggested name, granted to this notebook, and rewrites the code to
   * read it with `secret("NAME")`. Returns the name.
   */
  async moveToStore(
    model: INotebookModel,
    path: string,
    finding: IFinding,
    takenNames: Iterable<string> = []
  ): Promise<string> {
    const { cell, source, span } = await this.locate(model, finding);
    const name = suggestName(source, span, takenNames);
    const move = moveToSecret(source, span, name, cellKind(cell));
    if (!move) {
      throw new FixError(
        'this key cannot be rewritten here (a cell magic, or a string that spans lines): ' +
          'store it from the panel and redact it'
      );
    }
    const needsImport = cell.type === 'code' && !notebookImportsSecret(model);
    const edits = needsImport
      ? [{ from: 0, to: 0, insert: IMPORT_LINE + '\n' }, ...move.edits]
      : move.edits;
    // check the edit applies before the value leaves the browser
    applyEdits(source, edits);
    await addSecret(name, move.value, path);
    writeEdits(cell, source, edits);
    return name;
  }

  /**
   * What "Save with secrets stripped" keeps: every key in a source becomes the server's
   * placeholder, every key in an output or metadata its marker. Returns how many were stripped.
   */
  async stripAll(model: INotebookModel): Promise<number> {
    let count = 0;
    for (let index = 0; index < model.cells.length; index++) {
      const cell = model.cells.get(index);
      const source = cell.sharedModel.getSource();
      const spans = await this._finder.find(source);
      if (spans.length) {
        writeEdits(cell, source, spans.flatMap(span => redact(span)));
        count += spans.length;
      }
      count += await redactOutputs(cell, this._finder);
      count += await redactMetadata(cell.sharedModel, this._finder);
    }
    return count + (await redactMetadata(model.sharedModel, this._finder));
  }

  /** Strips what the guard stripped from a saved copy: the keys of these findings. */
  async stripFindings(model: INotebookModel, findings: readonly IFinding[]): Promise<void> {
    if (findings.some(f => f.where === 'metadata' && f.cell === null)) {
      await redactMetadata(model.sharedModel, this._finder);
    }
    const cells = new Set(findings.map(f => f.cell).filter((c): c is number => c !== null));
    for (const index of cells) {
      const cell = model.cells.get(index);
      if (!cell) {
        continue;
      }
      const here = findings.filter(f => f.cell === index);
      if (here.some(f => f.where === 'source')) {
        const source = cell.sharedModel.getSource();
        const spans = await this._finder.find(source);
        const stripped = here
          .filter(f => f.where === 'source')
          .map(f => spanOfFinding(spans, f))
          .filter((s): s is ISpan => s !== null);
        const unique = [...new Map(stripped.map(span => [span.start, span])).values()];
        writeEdits(cell, source, unique.flatMap(span => redact(span)));
      }
      if (here.some(f => f.where === 'outputs' || f.where === 'attachments')) {
        await redactOutputs(cell, this._finder);
      }
      if (here.some(f => f.where === 'metadata')) {
        await redactMetadata(cell.sharedModel, this._finder);
      }
    }
  }

  private _finder: SpanFinder;
}

function notebookImportsSecret(model: INotebookModel): boolean {
  for (let index = 0; index < model.cells.length; index++) {
    const cell = model.cells.get(index);
    if (cell.type === 'code' && hasSecretImport(cell.sharedModel.getSource())) {
      return true;
    }
  }
  return false;
}
