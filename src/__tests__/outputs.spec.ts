import { SpanFinder } from '../api/spans';
import { mapStrings, outputMarker, redactMetadata, replaceSpans } from '../fixes/outputs';
import { maskData } from '../output/masking';
import { requestAPI } from '../request';

jest.mock('../request', () => ({ requestAPI: jest.fn() }));
const request = requestAPI as jest.MockedFunction<typeof requestAPI>;

const KEY = 'ghp_' + 'Z'.repeat(36);

beforeEach(() => {
  request.mockReset();
  request.mockImplementation(async (_endpoint, init) => {
    const texts: Record<string, string> = JSON.parse(String(init?.body)).texts;
    const spans = Object.entries(texts).map(([hash, t]) => {
      const at = t.indexOf(KEY);
      return [hash, at < 0 ? [] : [{ start: at, end: at + KEY.length, line: 1, column: at + 1, rule: 'github-pat-classic', preview: 'ghp_…' }]];
    });
    return { cells: {}, metadata: null, spans: Object.fromEntries(spans), errors: [] } as any;
  });
});

describe('masking outputs before display', () => {
  it('masks keys in text, HTML and JSON data, leaves images alone, and never asks about them', async () => {
    const finder = new SpanFinder({ delay: 1 });
    const data = {
      'text/plain': `token ${KEY}`,
      'text/html': [`<b>${KEY.slice(0, 20)}`, `${KEY.slice(20)}</b>`],
      'application/json': { nested: { value: KEY }, n: 1 },
      'image/png': 'iVBORw0KGgo' + KEY
    };

    const masked = (await maskData(data, finder)) as Record<string, any>;

    expect(masked['text/plain']).toBe('token ghp_••••••••');
    expect(masked['text/html']).toBe('<b>ghp_••••••••</b>');
    expect(masked['application/json']).toEqual({ nested: { value: 'ghp_••••••••' }, n: 1 });
    expect(masked['image/png']).toBe(data['image/png']);
    const asked = request.mock.calls.flatMap(call => Object.values(JSON.parse(String(call[1]?.body)).texts) as string[]);
    expect(asked.some((t: string) => t.startsWith('iVBOR'))).toBe(false);
  });

  it('returns the very same data when nothing was found, so nothing re-renders', async () => {
    const data = { 'text/plain': 'all clear', 'application/json': { a: ['b'] } };

    expect(await maskData(data, new SpanFinder({ delay: 1 }))).toBe(data);
  });
});

describe('replaceSpans and mapStrings', () => {
  it('replace spans in order and skip overlapping ones', () => {
    const spans = [
      { start: 6, end: 9, line: 1, column: 7, rule: 'b', preview: '' },
      { start: 0, end: 3, line: 1, column: 1, rule: 'a', preview: '' },
      { start: 7, end: 8, line: 1, column: 8, rule: 'c', preview: '' }
    ];

    expect(replaceSpans('abc - def!', spans, s => outputMarker(s.rule))).toBe(
      '[REDACTED:a] - [REDACTED:b]!'
    );
  });

  it('keep untouched parts identical', async () => {
    const value = { a: ['x', 'y'], b: { c: 'z' } };

    expect(await mapStrings(value, async t => t)).toBe(value);
    expect(await mapStrings(value, async t => (t === 'z' ? 'Z' : t))).toEqual({ a: ['x', 'y'], b: { c: 'Z' } });
  });
});

describe('redactMetadata', () => {
  it('replaces keys in metadata values with the server\'s marker and leaves clean metadata alone', async () => {
    let metadata: any = { tags: ['x'], custom: { token: `Bearer ${KEY}` } };
    const holder = { getMetadata: () => metadata, setMetadata: jest.fn(value => (metadata = value)) };
    const finder = new SpanFinder({ delay: 1 });

    expect(await redactMetadata(holder, finder)).toBe(1);
    expect(metadata).toEqual({ tags: ['x'], custom: { token: 'Bearer [REDACTED:github-pat-classic]' } });
    expect(await redactMetadata(holder, finder)).toBe(0);
    expect(holder.setMetadata).toHaveBeenCalledTimes(1);
  });
});
