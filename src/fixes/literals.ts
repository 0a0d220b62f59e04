/**
 * Just enough of Python's string literals to rewrite the one that holds a key: where it opens
 * and closes on the key's line, its quotes and prefix. Not a parser: lines that open a string
 * on an earlier line are treated as code, which the caller turns into a safe fallback.
 */

export interface ILiteral {
  /** Index of the first prefix character (or of the opening quote). */
  start: number;
  /** Index just past the closing quote; -1 when the literal does not close on this line. */
  end: number;
  /** The quote sequence: ', ", ''' or """. */
  quote: string;
  /** Lower-cased prefix letters, e.g. "", "r", "f", "rb". */
  prefix: string;
  /** Index of the first character of the content. */
  contentStart: number;
  /** Index of the closing quote (end of the content); -1 if unclosed. */
  contentEnd: number;
}

/** Where an offset of a line is: in code, a comment or a string literal. */
export type Context =
  | { kind: 'code' }
  | { kind: 'comment' }
  | { kind: 'string'; literal: ILiteral };

const PREFIX = /[rRbBuUfF]{1,2}$/;

function openingAt(line: string, i: number): { quote: string } | null {
  const ch = line[i];
  if (ch !== '"' && ch !== "'") {
    return null;
  }
  const triple = line.startsWith(ch.repeat(3), i);
  return { quote: triple ? ch.repeat(3) : ch };
}

/** Index just past the closing quote of a literal whose content starts at `from`, or -1. */
function closingAfter(line: string, from: number, quote: string): number {
  let i = from;
  while (i < line.length) {
    if (line[i] === '\\') {
      // a backslash escapes the quote after it, in raw strings too
      i += 2;
      continue;
    }
    if (line.startsWith(quote, i)) {
      return i + quote.length;
    }
    i += 1;
  }
  return -1;
}

function literalAt(line: string, quoteIndex: number, quote: string): ILiteral {
  const before = line.slice(Math.max(0, quoteIndex - 2), quoteIndex);
  const prefixMatch = PREFIX.exec(before);
  // a prefix is only a prefix when it is not the end of a longer name
  let prefix = prefixMatch ? prefixMatch[0] : '';
  const prefixStart = quoteIndex - prefix.length;
  if (prefix && /[A-Za-z0-9_]/.test(line[prefixStart - 1] ?? '')) {
    prefix = '';
  }
  const contentStart = quoteIndex + quote.length;
  const end = closingAfter(line, contentStart, quote);
  return {
    start: quoteIndex - prefix.length,
    end,
    quote,
    prefix: prefix.toLowerCase(),
    contentStart,
    contentEnd: end < 0 ? -1 : end - quote.length
  };
}

/** What `offset` of `line` is part of, reading the line from its start. */
export function contextAt(line: string, offset: number): Context {
  let i = 0;
  while (i < offset) {
    const ch = line[i];
    if (ch === '#') {
      return { kind: 'comment' };
    }
    const opening = openingAt(line, i);
    if (opening) {
      const literal = literalAt(line, i, opening.quote);
      if (literal.end < 0 || literal.end > offset) {
        return { kind: 'string', literal };
      }
      i = literal.end;
      continue;
    }
    i += 1;
  }
  return { kind: 'code' };
}

const SIMPLE_ESCAPES: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '\r',
  '0': '\0',
  '\\': '\\',
  "'": "'",
  '"': '"',
  a: '\x07',
  b: '\b',
  f: '\f',
  v: '\v'
};

/** The value a non-raw Python literal's content stands for (the common escapes). */
export function unescapePython(text: string): string {
  return text.replace(
    /\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)/g,
    (whole, code: string) => {
      if (code.length > 1) {
        return String.fromCodePoint(parseInt(code.slice(1), 16));
      }
      return SIMPLE_ESCAPES[code] ?? whole;
    }
  );
}
