import { SpanFinder } from '../api/spans';
import { ISpan } from '../api/types';
import { requestAPI } from '../request';

jest.mock('../request', () => ({ requestAPI: jest.fn() }));
const request = requestAPI as jest.MockedFunction<typeof requestAPI>;

function span(start: number, end: number): ISpan {
  return { start, end, line: 1, column: start + 1, rule: 'r', preview: '…' };
}

function spansOf(text: string): ISpan[] {
  return text.includes('KEY') ? [span(text.indexOf('KEY'), text.indexOf('KEY') + 3)] : [];
}

/** Answers a batch as the server does: each text and each cell's source, one span per "KEY". */
function answerKeys() {
  request.mockImplementation(async (_endpoint, init) => {
    const batch = JSON.parse(String(init?.body));
    const texts: Record<string, string> = batch.texts;
    const cells: Record<string, unknown> = {};
    for (const item of batch.cells ?? []) {
      const source = String(item.cell.source);
      const findings = spansOf(source).map(() => ({
        path: batch.path, cell: item.index, where: 'source', output: null, line: 1, column: 1,
        rule: 'r', fingerprint: `fp-${source}`, preview: '…'
      }));
      cells[item.id] = { hash: item.hash, findings, spans: spansOf(source) };
    }
    return {
      cells,
      metadata: batch.metadata ? { hash: batch.metadata.hash, findings: [] } : null,
      spans: Object.fromEntries(Object.entries(texts).map(([k, t]) => [k, spansOf(t)])),
      errors: []
    } as any;
  });
}

function sentBodies(): any[] {
  return request.mock.calls.map(call => JSON.parse(String(call[1]?.body)));
}

beforeEach(() => request.mockReset());

describe('SpanFinder', () => {
  it('gathers the requests of many editors into one call, each text once', async () => {
    answerKeys();
    const finder = new SpanFinder({ delay: 1 });

    const answers = await Promise.all(['a KEY', 'none', 'KEY b', 'a KEY'].map(t => finder.find(t)));

    expect(request).toHaveBeenCalledTimes(1);
    expect(request.mock.calls[0][0]).toBe('scan');
    expect(Object.values(sentBodies()[0].texts)).toEqual(['a KEY', 'none', 'KEY b']);
    expect(answers.map(a => a.map(s => s.start))).toEqual([[2], [], [0], [2]]);
  });

  it('answers a text it has seen from memory, and an empty text without asking', async () => {
    answerKeys();
    const finder = new SpanFinder({ delay: 1 });
    await finder.find('x KEY');

    await finder.find('x KEY');
    await finder.find('');

    expect(request).toHaveBeenCalledTimes(1);
  });

  it('forgets the oldest answers past its size and splits big batches', async () => {
    answerKeys();
    const finder = new SpanFinder({ delay: 1, cacheChars: 10, batchChars: 8 });

    await Promise.all([finder.find('KEY 11111'), finder.find('KEY 22222')]);
    await finder.find('KEY 11111');

    // two calls for the split batch, one more because the first text was forgotten
    expect(request).toHaveBeenCalledTimes(3);
  });

  it('passes a failed call on to every waiting request', async () => {
    request.mockRejectedValue(new Error('server gone'));
    const finder = new SpanFinder({ delay: 1 });

    await expect(Promise.all([finder.find('a'), finder.find('b')])).rejects.toThrow('server gone');
  });

  it('sends a notebook\'s cells with the texts editors asked for, and answers their sources from it', async () => {
    answerKeys();
    const finder = new SpanFinder({ delay: 1 });
    const cell = { cell_type: 'code', source: 'k = KEY', outputs: [], metadata: {} };

    // an editor asks first, then the notebook's check, then an output renderer
    const editor = finder.find('k = KEY');
    const check = finder.check({
      path: 'a.ipynb', cells: [{ id: 'c1', hash: 'h1', index: 0, cell }], texts: ['out KEY']
    });
    const output = finder.find('out KEY');
    await Promise.all([editor, check, output]);

    // one call: the source goes once, inside its cell; the output text rides along
    expect(request).toHaveBeenCalledTimes(1);
    const [body] = sentBodies();
    expect(body.path).toBe('a.ipynb');
    expect(body.cells.map((c: any) => c.id)).toEqual(['c1']);
    expect(Object.values(body.texts)).toEqual(['out KEY']);
    expect((await editor).map(s => s.start)).toEqual([4]);
    expect((await output).map(s => s.start)).toEqual([4]);

    // and both are remembered: an editor opened later costs no call
    await finder.find('k = KEY');
    await finder.find('out KEY');
    expect(request).toHaveBeenCalledTimes(1);
  });

  it('lets a text asked while its call is on the way wait for that call', async () => {
    answerKeys();
    const finder = new SpanFinder({ delay: 1 });

    const first = finder.find('x KEY');
    await new Promise(resolve => setTimeout(resolve, 5));
    const second = finder.find('x KEY');

    expect(await second).toEqual(await first);
    expect(request).toHaveBeenCalledTimes(1);
  });

  it('holds the texts of an opening notebook back until its cells go, in the same call', async () => {
    answerKeys();
    const finder = new SpanFinder({ delay: 1 });
    const release = finder.hold();

    const output = finder.find('out KEY'); // an output renders before the notebook is ready
    await new Promise(resolve => setTimeout(resolve, 10));
    expect(request).not.toHaveBeenCalled();

    const cell = { cell_type: 'code', source: 'x = 1', outputs: [], metadata: {} };
    const check = finder.check({ path: 'a.ipynb', cells: [{ id: 'c', hash: 'h', index: 0, cell }] });
    release();
    await Promise.all([output, check]);

    expect(request).toHaveBeenCalledTimes(1);
    expect(Object.values(sentBodies()[0].texts)).toEqual(['out KEY']);
  });
});
