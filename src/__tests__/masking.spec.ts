import { EditorState } from '@codemirror/state';
import { EditorView } from '@codemirror/view';

import { SpanFinder } from '../api/spans';
import { ISpan } from '../api/types';
import { BULLETS, maskedText, maskingExtension, revealAt } from '../editor/masking';

const KEY = 'sk-proj-' + 'q'.repeat(40);

/** How many texts the server was asked about so far. */
let asked = 0;

/** A finder whose answers come from a function, as the server's would. */
function finderOf(find: (text: string) => ISpan[]): SpanFinder {
  return new SpanFinder({
    delay: 0,
    fetch: async batch => {
      asked += Object.keys(batch.texts).length;
      return {
        cells: {},
        metadata: null,
        spans: Object.fromEntries(Object.entries(batch.texts).map(([hash, text]) => [hash, find(text)])),
        errors: []
      };
    }
  });
}

function keySpans(text: string): ISpan[] {
  const at = text.indexOf(KEY);
  return at < 0 ? [] : [{ start: at, end: at + KEY.length, line: 1, column: at + 1, rule: 'openai-project-key', preview: 'sk-proj-…' }];
}

const wait = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

/** Waits until the answers for `count` more texts reached the editor (a loaded machine may take a while). */
async function answered(count: number, since: number): Promise<void> {
  for (let waited = 0; asked < since + count && waited < 5000; waited += 10) {
    await wait(10);
  }
  expect(asked).toBeGreaterThanOrEqual(since + count);
  await wait(20); // the answer's decorations are applied on the next tick
}

function editor(doc: string): EditorView {
  const parent = document.createElement('div');
  document.body.appendChild(parent);
  const extension = maskingExtension(finderOf(keySpans), { hidden: 'Hidden secret (%1)' }, 5);
  return new EditorView({ state: EditorState.create({ doc, extensions: [extension] }), parent });
}

describe('masking keys in editors', () => {
  it('shows the well-known prefix, else the first characters, then bullets', () => {
    expect(maskedText(KEY, keySpans(KEY)[0])).toBe('sk-proj-' + BULLETS);
    expect(maskedText('abcdefgh', { ...keySpans(KEY)[0], preview: '…' })).toBe('abcd' + BULLETS);
  });

  it('hides the key on screen while the document keeps it', async () => {
    const before = asked;
    const view = editor(`client = OpenAI(api_key="${KEY}")`);
    await answered(1, before);

    const mask = view.contentDOM.querySelector('.jp-secrets-mask');
    expect(mask?.textContent).toBe('sk-proj-' + BULLETS);
    expect(mask?.getAttribute('aria-label')).toBe('Hidden secret (openai-project-key)');
    expect(view.contentDOM.textContent).not.toContain(KEY);
    expect(view.contentDOM.textContent).toContain('client = OpenAI(api_key="');
    // what copy and save read
    expect(view.state.sliceDoc(0)).toContain(KEY);
    view.destroy();
  });

  it('shows a key the user clicked, and keeps it shown after further edits', async () => {
    const first = asked;
    const view = editor(`k = "${KEY}"`);
    await answered(1, first);
    expect(view.contentDOM.textContent).not.toContain(KEY);

    view.dispatch({ effects: revealAt.of(view.state.doc.toString().indexOf(KEY)) });
    expect(view.contentDOM.textContent).toContain(KEY);

    const second = asked;
    view.dispatch({ changes: { from: 0, insert: '# note\n' } });
    await answered(1, second);
    expect(view.contentDOM.textContent).toContain(KEY);
    view.destroy();
  });

  it('masks a key typed later and drops answers for text that changed since', async () => {
    const first = asked;
    const view = editor('x = 1');
    await answered(1, first);
    expect(view.contentDOM.querySelector('.jp-secrets-mask')).toBeNull();

    const second = asked;
    view.dispatch({ changes: { from: 5, insert: `\ny = "${KEY}"` } });
    await answered(1, second);

    expect(view.contentDOM.querySelectorAll('.jp-secrets-mask')).toHaveLength(1);
    view.destroy();
  });
});
