import { ISpan } from '../api/types';
import { contextAt, unescapePython } from './literals';

/**
 * The one-click fixes as pure text edits of a cell's source: move the key to the secret store
 * (and read it back with `secret("NAME")`), allow it where it is, or redact it. The rest of
 * the line stays as it was.
 */

/** Replace `from`..`to` of the source with `insert`. */
export interface IEdit {
  from: number;
  to: number;
  insert: string;
}

export type CellKind = 'code' | 'markdown' | 'raw';

export const IMPORT_LINE = 'from jupyter_secrets import secret';
export const PRAGMA = 'secrets: allow';

/** The placeholder the server's save guard also writes in place of a key in a source. */
export function placeholder(rule: string): string {
  return 'REDACTED_' + rule.toUpperCase().replace(/-/g, '_');
}

/** The source with the edits applied; edits must not overlap. */
export function applyEdits(source: string, edits: IEdit[]): string {
  let text = source;
  for (const edit of [...edits].sort((a, b) => b.from - a.from)) {
    text = text.slice(0, edit.from) + edit.insert + text.slice(edit.to);
  }
  return text;
}

interface ILine {
  start: number;
  end: number;
  text: string;
}

/** The lines the span touches, as one text (a key may run over several lines). */
function linesOf(source: string, span: ISpan): ILine {
  const start = source.lastIndexOf('\n', span.start - 1) + 1;
  const newline = source.indexOf('\n', Math.max(span.end - 1, span.start));
  const end = newline < 0 ? source.length : newline;
  return { start, end, text: source.slice(start, end) };
}

export function redact(span: ISpan): IEdit[] {
  return [{ from: span.start, to: span.end, insert: placeholder(span.rule) }];
}

/** The allow pragma at the end of the key's line, as a comment of the cell's language. */
export function allowHere(
  source: string,
  span: ISpan,
  kind: CellKind
): IEdit[] {
  const line = linesOf(source, span);
  if (line.text.includes(PRAGMA)) {
    return [];
  }
  const comment =
    kind === 'code' ? `  # ${PRAGMA}` : ` <!-- ${PRAGMA} -->`;
  return [{ from: line.end, to: line.end, insert: comment }];
}

export function isCellMagic(source: string): boolean {
  return source.trimStart().startsWith('%%');
}

export function hasSecretImport(source: string): boolean {
  return /^\s*from\s+jupyter_secrets\s+import\s+[^\n]*\bsecret\b/m.test(source);
}

const OPENERS = new Set(['', '(', ',', '=', ':', '[', '{']);
const CLOSERS = new Set(['', ')', ',', ']', '}', '#', ':']);

/** Whether `a + b` put in place of `text[start:end]` could bind to its neighbours. */
function needsParentheses(text: string, start: number, end: number): boolean {
  const before = text.slice(0, start).trimEnd();
  const after = text.slice(end).trimStart();
  const previous = before.slice(-1);
  const next = after.slice(0, 1);
  const afterKeyword = /\b(return|in|yield|else|lambda[^:]*:)$/.test(before);
  return !((OPENERS.has(previous) || afterKeyword) && CLOSERS.has(next));
}

export interface IMove {
  edits: IEdit[];
  /** The value to store: the key as the program sees it (escapes resolved). */
  value: string;
}

/**
 * Rewrites the key at `span` to read `secret("NAME")`. Null when the cell is a cell magic
 * (nothing there evaluates Python) or the key sits in a string that runs past its lines.
 */
export function moveToSecret(
  source: string,
  span: ISpan,
  name: string,
  kind: CellKind
): IMove | null {
  const raw = source.slice(span.start, span.end);
  const call = `secret("${name}")`;
  if (kind !== 'code') {
    return { edits: [{ from: span.start, to: span.end, insert: '`' + call + '`' }], value: raw };
  }
  if (isCellMagic(source)) {
    return null;
  }
  const line = linesOf(source, span);
  const at = span.start - line.start;
  const atEnd = span.end - line.start;
  if (/^\s*[!%]/.test(line.text)) {
    // IPython expands {expression} in shell commands and line magics
    return { edits: [{ from: span.start, to: span.end, insert: `{secret('${name}')}` }], value: raw };
  }
  const context = contextAt(line.text, at);
  if (context.kind !== 'string') {
    return { edits: [{ from: span.start, to: span.end, insert: call }], value: raw };
  }
  const literal = context.literal;
  if (literal.end < 0 || atEnd > literal.contentEnd) {
    return null;
  }
  const value = literal.prefix.includes('r') ? raw : unescapePython(raw);
  if (literal.prefix.includes('f')) {
    const quote = literal.quote.includes('"') ? "'" : '"';
    const inner = `{secret(${quote}${name}${quote})}`;
    return { edits: [{ from: span.start, to: span.end, insert: inner }], value };
  }
  const read = literal.prefix.includes('b') ? `${call}.encode()` : call;
  const opening = line.text.slice(literal.start, literal.contentStart);
  const head = line.text.slice(literal.contentStart, at);
  const tail = line.text.slice(atEnd, literal.contentEnd);
  const parts = [
    ...(head ? [opening + head + literal.quote] : []),
    read,
    ...(tail ? [opening + tail + literal.quote] : [])
  ];
  let expression = parts.join(' + ');
  if (parts.length > 1 && needsParentheses(line.text, literal.start, literal.end)) {
    expression = `(${expression})`;
  }
  const edit = {
    from: line.start + literal.start,
    to: line.start + literal.end,
    insert: expression
  };
  return { edits: [edit], value };
}

/** Names that say nothing about which key it is: the rule says more. */
const VAGUE = new Set([
  'key', 'token', 'secret', 'password', 'passwd', 'pwd', 'pass', 'value', 'val',
  'api_key', 'apikey', 'access_token', 'auth', 'authorization', 'bearer', 'headers',
  'x', 'k', 's', 't', 'v', 'tok', 'cred', 'creds', 'credentials'
]);

const NAME_BEFORE_VALUE = [
  // os.environ["NAME"] = "…", config["NAME"] = …
  /\[\s*["']([A-Za-z_][\w.-]*)["']\s*\]\s*=\s*[rRbBuUfF]{0,2}["']{0,3}$/,
  // {"name": "…"}, name: "…"
  /["']?([A-Za-z_][\w.-]*)["']?\s*:\s*[rRbBuUfF]{0,2}["']{0,3}$/,
  // name = "…", f(name="…"), %env NAME=…, export NAME=…
  /([A-Za-z_][\w.]*)\s*(?::\s*[\w[\], .]+)?=\s*[rRbBuUfF]{0,2}["']{0,3}$/
];

function asName(text: string): string {
  return text
    .toUpperCase()
    .replace(/[^A-Z0-9_]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 100);
}

/** A name for the key at `span`: the variable or setting it is assigned to, else its rule. */
export function suggestName(
  source: string,
  span: ISpan,
  taken: Iterable<string> = []
): string {
  const line = linesOf(source, span);
  const before = line.text.slice(0, span.start - line.start);
  let name = '';
  for (const pattern of NAME_BEFORE_VALUE) {
    const found = pattern.exec(before);
    if (found) {
      const word = found[1].split('.').pop() ?? '';
      name = VAGUE.has(word.toLowerCase()) ? '' : asName(word);
      break;
    }
  }
  if (!name) {
    name = asName(span.rule) || 'SECRET';
  }
  if (!/^[A-Z_]/.test(name)) {
    name = 'SECRET_' + name;
  }
  const used = new Set(taken);
  let candidate = name;
  for (let n = 2; used.has(candidate); n++) {
    candidate = `${name}_${n}`;
  }
  return candidate;
}
