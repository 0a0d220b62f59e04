import { ISpan } from '../api/types';
import {
  allowHere,
  applyEdits,
  hasSecretImport,
  moveToSecret,
  redact,
  suggestName
} from '../fixes/edits';
import { contextAt, unescapePython } from '../fixes/literals';

const KEY = 'ghp_' + 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8';

/** The span of `key` in `source`, as the server would give it. */
function spanOf(source: string, key = KEY, rule = 'github-pat-classic'): ISpan {
  const start = source.indexOf(key);
  const before = source.slice(0, start);
  const line = before.split('\n').length;
  const column = start - before.lastIndexOf('\n');
  return { start, end: start + key.length, line, column, rule, preview: 'ghp_…' };
}

function moved(source: string, name = 'GH_TOKEN', kind: 'code' | 'markdown' = 'code') {
  const move = moveToSecret(source, spanOf(source), name, kind);
  return move && { text: applyEdits(source, move.edits), value: move.value };
}

describe('moveToSecret', () => {
  it('replaces a literal that holds only the key with secret("NAME")', () => {
    const source = `x = 1\ntoken = "${KEY}"  # from the admin page\nprint(x)`;

    expect(moved(source)).toEqual({
      text: 'x = 1\ntoken = secret("GH_TOKEN")  # from the admin page\nprint(x)',
      value: KEY
    });
  });

  it('keeps the rest of a literal around the key', () => {
    const source = `headers = {"Authorization": "Bearer ${KEY}"}`;

    expect(moved(source)?.text).toBe('headers = {"Authorization": "Bearer " + secret("GH_TOKEN")}');
  });

  it('wraps the pieces in parentheses where a neighbour would bind to the call', () => {
    const source = `url = 'https://x:${KEY}@host/repo'.strip()`;

    expect(moved(source)?.text).toBe(
      `url = ('https://x:' + secret("GH_TOKEN") + '@host/repo').strip()`
    );
  });

  it('puts a replacement field into an f-string, with the other quote', () => {
    const source = `auth = f"token {KEY} for {user}"`.replace('{KEY}', KEY);

    expect(moved(source)?.text).toBe(`auth = f"token {secret('GH_TOKEN')} for {user}"`);
  });

  it('stores the value an escaped literal stands for, and a raw one as written', () => {
    const written = KEY.slice(0, 10) + '\\x41' + KEY.slice(10);
    const meant = KEY.slice(0, 10) + 'A' + KEY.slice(10);

    for (const [prefix, value] of [['', meant], ['r', written]]) {
      const source = `k = ${prefix}"${written}"`;
      const move = moveToSecret(source, spanOf(source, written), 'K', 'code');

      expect(move?.value).toBe(value);
      expect(applyEdits(source, move!.edits)).toBe('k = secret("K")');
    }
    expect(unescapePython('a\\tb\\\\c\\u00e9')).toBe('a\tb\\cé');
  });

  it('uses a replacement field in shell commands and line magics', () => {
    expect(moved(`!curl -H "Authorization: token ${KEY}" https://api.github.com`)?.text).toBe(
      `!curl -H "Authorization: token {secret('GH_TOKEN')}" https://api.github.com`
    );
    expect(moved(`%env GITHUB_TOKEN=${KEY}`)?.text).toBe(
      `%env GITHUB_TOKEN={secret('GH_TOKEN')}`
    );
  });

  it('replaces a bare key in code, and writes a code span in markdown', () => {
    expect(moved(`# ${KEY}`)?.text).toBe('# secret("GH_TOKEN")');
    expect(moved(`The key is ${KEY}.`, 'K', 'markdown')?.text).toBe('The key is `secret("K")`.');
  });

  it('refuses cell magics and strings that run past the key\'s lines', () => {
    expect(moved(`%%bash\nexport T=${KEY}`)).toBeNull();
    expect(moved(`k = """${KEY}\nmore"""`)).toBeNull();
  });

  it('handles a triple-quoted literal closed on the same line', () => {
    expect(moved(`k = """${KEY}"""`)?.text).toBe('k = secret("GH_TOKEN")');
  });

  it('reads bytes literals back as bytes', () => {
    expect(moved(`k = b"${KEY}"`)?.text).toBe('k = secret("GH_TOKEN").encode()');
  });
});

describe('the other fixes', () => {
  it('allowHere adds the pragma as a comment of the cell\'s language, once', () => {
    const code = `token = "${KEY}"\nx = 1`;
    const markdown = `Key: ${KEY}\nmore`;

    expect(applyEdits(code, allowHere(code, spanOf(code), 'code'))).toBe(
      `token = "${KEY}"  # secrets: allow\nx = 1`
    );
    expect(applyEdits(markdown, allowHere(markdown, spanOf(markdown), 'markdown'))).toBe(
      `Key: ${KEY} <!-- secrets: allow -->\nmore`
    );
    const allowed = `t = "${KEY}"  # secrets: allow`;
    expect(allowHere(allowed, spanOf(allowed), 'code')).toEqual([]);
  });

  it('redact writes the same placeholder as the server', () => {
    const source = `t = "${KEY}"`;

    expect(applyEdits(source, redact(spanOf(source)))).toBe('t = "REDACTED_GITHUB_PAT_CLASSIC"');
  });

  it('applyEdits applies edits from the end so offsets stay valid', () => {
    expect(applyEdits('abcdef', [{ from: 0, to: 1, insert: 'X' }, { from: 4, to: 6, insert: 'Y' }])).toBe(
      'XbcdY'
    );
  });

  it('finds an existing import of secret', () => {
    expect(hasSecretImport('import os\nfrom jupyter_secrets import secret, x')).toBe(true);
    expect(hasSecretImport('import jupyter_secrets')).toBe(false);
  });
});

describe('suggestName', () => {
  it.each([
    [`wandb_api_key = "${KEY}"`, 'WANDB_API_KEY'],
    [`client = Client(github_token="${KEY}")`, 'GITHUB_TOKEN'],
    [`os.environ["HF_TOKEN"] = "${KEY}"`, 'HF_TOKEN'],
    [`config = {"deploy.key": "${KEY}"}`, 'KEY'],
    [`%env GITHUB_PAT=${KEY}`, 'GITHUB_PAT'],
    [`self.service_token: str = "${KEY}"`, 'SERVICE_TOKEN']
  ])('names %s after what it is assigned to', (source, name) => {
    const span = spanOf(source);
    const expected = name === 'KEY' ? 'GITHUB_PAT_CLASSIC' : name;

    expect(suggestName(source, span)).toBe(expected);
  });

  it('falls back to the rule for vague names and avoids names in use', () => {
    const source = `token = "${KEY}"`;

    expect(suggestName(source, spanOf(source), ['GITHUB_PAT_CLASSIC'])).toBe('GITHUB_PAT_CLASSIC_2');
  });

  it('never starts a name with a digit', () => {
    const source = `x = "${KEY}"`;

    expect(suggestName(source, { ...spanOf(source), rule: '1password-token' })).toBe(
      'SECRET_1PASSWORD_TOKEN'
    );
  });
});

describe('contextAt', () => {
  it('tells code, comments and strings apart', () => {
    const line = `a = "x # y" + 'z'  # note "q"`;

    expect(contextAt(line, 2).kind).toBe('code');
    expect(contextAt(line, 8).kind).toBe('string');
    expect(contextAt(line, 16).kind).toBe('string');
    expect(contextAt(line, 24).kind).toBe('comment');
    expect(contextAt('s = "a\\"b c"', 9).kind).toBe('string');
  });
});
