import { ICellModel, ICodeCellModel } from '@jupyterlab/cells';

import { SpanFinder } from '../api/spans';
import { ISpan } from '../api/types';
import { isScannedMime } from '../mime';

/** The marker the server's save guard writes in place of a key in an output. */
export function outputMarker(rule: string): string {
  return `[REDACTED:${rule}]`;
}

/** `text` with each span replaced by what `replace` makes of it. */
export function replaceSpans(
  text: string,
  spans: readonly ISpan[],
  replace: (span: ISpan, original: string) => string
): string {
  let result = '';
  let cursor = 0;
  for (const span of [...spans].sort((a, b) => a.start - b.start)) {
    if (span.start < cursor) {
      continue;
    }
    result += text.slice(cursor, span.start) + replace(span, text.slice(span.start, span.end));
    cursor = span.end;
  }
  return result + text.slice(cursor);
}

/**
 * Every string in a JSON value passed through `change`; multi-line strings stored as lists of
 * lines are joined first, since a key can sit across two items. Returns the same object when
 * nothing changed.
 */
export async function mapStrings(
  value: unknown,
  change: (text: string) => Promise<string>
): Promise<unknown> {
  if (typeof value === 'string') {
    return change(value);
  }
  if (Array.isArray(value)) {
    if (value.length > 0 && value.every(item => typeof item === 'string')) {
      const joined = value.join('');
      const changed = await change(joined);
      return changed === joined ? value : changed;
    }
    const items = await Promise.all(value.map(item => mapStrings(item, change)));
    return items.every((item, i) => item === value[i]) ? value : items;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    const changed = await Promise.all(entries.map(([, item]) => mapStrings(item, change)));
    if (changed.every((item, i) => item === entries[i][1])) {
      return value;
    }
    return Object.fromEntries(entries.map(([key], i) => [key, changed[i]]));
  }
  return value;
}

/** The texts `mapStrings` passes to its `change`, in the same order. */
export function collectStrings(value: unknown): string[] {
  if (typeof value === 'string') {
    return [value];
  }
  if (Array.isArray(value)) {
    if (value.length > 0 && value.every(item => typeof item === 'string')) {
      return [value.join('')];
    }
    return value.flatMap(collectStrings);
  }
  if (value !== null && typeof value === 'object') {
    return Object.values(value as Record<string, unknown>).flatMap(collectStrings);
  }
  return [];
}

/** Output fields that hold text a key can be printed in. */
const TEXT_FIELDS = ['text', 'data', 'evalue', 'traceback'];

/** The text parts of an output field; `data` keeps only the mime types the server scans. */
function textPart(field: string, value: unknown): unknown {
  if (field !== 'data' || value === null || typeof value !== 'object') {
    return value;
  }
  const data = value as Record<string, unknown>;
  return Object.fromEntries(Object.keys(data).filter(isScannedMime).map(m => [m, data[m]]));
}

/** Replaces keys in a code cell's outputs by the server's marker; returns how many. */
export async function redactOutputs(cell: ICellModel, finder: SpanFinder): Promise<number> {
  if (cell.type !== 'code') {
    return 0;
  }
  const outputs = (cell as ICodeCellModel).outputs;
  let count = 0;
  for (let index = 0; index < outputs.length; index++) {
    const output = outputs.get(index).toJSON() as Record<string, unknown>;
    let changed = false;
    for (const field of TEXT_FIELDS) {
      if (!(field in output)) {
        continue;
      }
      const before = textPart(field, output[field]);
      const after = await mapStrings(before, async text => {
        const spans = await finder.find(text);
        count += spans.length;
        return spans.length ? replaceSpans(text, spans, span => outputMarker(span.rule)) : text;
      });
      if (after !== before) {
        output[field] = field === 'data' ? { ...(output.data as object), ...(after as object) } : after;
        changed = true;
      }
    }
    if (changed) {
      outputs.set(index, output as any);
    }
  }
  return count;
}

/** Something that keeps metadata: a notebook's or a cell's shared model. */
export interface IMetadataHolder {
  getMetadata(): any;
  setMetadata(metadata: any): void;
}

/** Replaces keys in metadata values by the server's marker; returns how many. */
export async function redactMetadata(holder: IMetadataHolder, finder: SpanFinder): Promise<number> {
  let count = 0;
  const before = holder.getMetadata();
  const after = await mapStrings(before, async text => {
    const spans = await finder.find(text);
    count += spans.length;
    return spans.length ? replaceSpans(text, spans, span => outputMarker(span.rule)) : text;
  });
  if (after !== before) {
    holder.setMetadata(after);
  }
  return count;
}
