import { SpanFinder } from '../api/spans';
import { ISpan } from '../api/types';
import { requestAPI } from '../request';

jest.mock('../request', () => ({ requestAPI: jest.fn() }));
const request = requestAPI as jest.MockedFunction<typeof requestAPI>;

function span(start: number, end: number): ISpan {
  return { start, end, line: 1, column: start + 1, rule: 'r', preview: '…' };
}

/** Answers each text with one span over its first "KEY". */
function answerKeys() {
  request.mockImplementation(async (_endpoint, init) => {
    const { texts } = JSON.parse(String(init?.body));
    return {
      spans: texts.map((t: string) => (t.includes('KEY') ? [span(t.indexOf('KEY'), t.indexOf('KEY') + 3)] : []))
    } as any;
  });
}

beforeEach(() => request.mockReset());

describe('SpanFinder', () => {
  it('gathers the requests of many editors into one call to the spans endpoint', async () => {
    answerKeys();
    const finder = new SpanFinder({ delay: 1 });

    const answers = await Promise.all(['a KEY', 'none', 'KEY b', 'a KEY'].map(t => finder.find(t)));

    expect(request).toHaveBeenCalledTimes(1);
    expect(request.mock.calls[0][0]).toBe('spans');
    expect(JSON.parse(String(request.mock.calls[0][1]?.body)).texts).toEqual(['a KEY', 'none', 'KEY b']);
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
});
