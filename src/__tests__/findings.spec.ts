import { NotebookModel } from '@jupyterlab/notebook';

import { INotebookCheck } from '../api/spans';
import { IBatchReply, IFinding } from '../api/types';
import { NotebookFindings } from '../findings/model';

/** Answers like the server: one finding per cell whose source holds "KEY". */
function server(sent: INotebookCheck[]) {
  return async (check: INotebookCheck): Promise<IBatchReply> => {
    sent.push(JSON.parse(JSON.stringify(check)));
    const cells: IBatchReply['cells'] = {};
    for (const item of check.cells) {
      const source = String(item.cell.source);
      const findings: IFinding[] = source.includes('KEY')
        ? [{ path: check.path, cell: item.index, where: 'source', output: null, line: 1,
            column: source.indexOf('KEY') + 1, rule: 'r', fingerprint: 'f', preview: '…' }]
        : [];
      cells[item.id] = { hash: item.hash, findings, spans: [] };
    }
    const metadata = check.metadata ? { hash: check.metadata.hash, findings: [] } : null;
    return { cells, metadata, spans: {}, errors: [] };
  };
}

function openNotebook(sources: string[]) {
  const model = new NotebookModel();
  model.fromJSON({
    cells: sources.map(source => ({ cell_type: 'code', source, metadata: {}, outputs: [], execution_count: null })),
    metadata: {},
    nbformat: 4,
    nbformat_minor: 5
  });
  const panel = { context: { ready: new Promise<void>(() => undefined), path: 'a.ipynb', model } };
  return { model, panel: panel as any };
}

describe('NotebookFindings', () => {
  it('sends every cell once, then only the cells that changed', async () => {
    const sent: INotebookCheck[] = [];
    const { model, panel } = openNotebook(['a = 1', 'k = "KEY"', 'b = 2']);
    const findings = new NotebookFindings(panel, { check: server(sent) });

    await findings.scanNow();
    model.cells.get(2).sharedModel.setSource('b = "KEY"');
    await findings.scanNow();
    await findings.scanNow();

    expect(sent).toHaveLength(2);
    expect(sent[0].cells.map(c => c.index)).toEqual([0, 1, 2]);
    expect(sent[0].metadata).toBeDefined();
    expect(sent[1].cells.map(c => c.cell.source)).toEqual(['b = "KEY"']);
    expect(sent[1].metadata).toBeUndefined();
    expect(findings.findings.map(f => f.cell)).toEqual([1, 2]);
    findings.dispose();
  });

  it('moves a finding with its cell without asking the server again', async () => {
    const sent: INotebookCheck[] = [];
    const { model, panel } = openNotebook(['k = "KEY"', 'a = 1']);
    const findings = new NotebookFindings(panel, { check: server(sent) });
    await findings.scanNow();

    model.sharedModel.moveCell(0, 1);
    await findings.scanNow();

    expect(sent).toHaveLength(1);
    expect(findings.findings.map(f => f.cell)).toEqual([1]);
    findings.dispose();
  });

  it('sends everything again when asked to, and keeps no finding of a deleted cell', async () => {
    const sent: INotebookCheck[] = [];
    const { model, panel } = openNotebook(['k = "KEY"', 'a = 1']);
    const findings = new NotebookFindings(panel, { check: server(sent) });
    await findings.scanNow();

    await findings.scanNow(true);
    model.sharedModel.deleteCell(0);
    await findings.scanNow();

    expect(sent.map(s => s.cells.length)).toEqual([2, 2]);
    expect(findings.findings).toEqual([]);
    findings.dispose();
  });
});
