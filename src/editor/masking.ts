import { Extension, StateEffect, StateField } from '@codemirror/state';
import {
  Decoration,
  DecorationSet,
  EditorView,
  PluginValue,
  ViewPlugin,
  ViewUpdate,
  WidgetType
} from '@codemirror/view';

import { SpanFinder } from '../api/spans';
import { ISpan } from '../api/types';

/** Bullets shown in place of the hidden part; a fixed count, so the length is not shown. */
export const BULLETS = '••••••••';

/** What a masked key shows: its well-known prefix from the preview, else its first characters. */
export function maskedText(key: string, span: ISpan): string {
  const prefix = span.preview.split('…')[0];
  const shown = prefix && key.startsWith(prefix) ? prefix : key.slice(0, 4);
  return shown + BULLETS;
}

export interface IMaskingLabels {
  /** Tooltip and accessible name of a masked key; `%1` is the rule. */
  hidden: string;
}

class MaskWidget extends WidgetType {
  constructor(
    readonly text: string,
    readonly rule: string,
    readonly labels: IMaskingLabels
  ) {
    super();
  }

  eq(other: MaskWidget): boolean {
    return other.text === this.text && other.rule === this.rule;
  }

  toDOM(view: EditorView): HTMLElement {
    const mask = document.createElement('span');
    mask.className = 'jp-secrets-mask';
    mask.textContent = this.text;
    const label = this.labels.hidden.replace('%1', this.rule);
    mask.title = label;
    mask.setAttribute('aria-label', label);
    mask.setAttribute('role', 'button');
    mask.dataset.rule = this.rule;
    mask.addEventListener('mousedown', event => {
      event.preventDefault();
      const position = view.posAtDOM(mask);
      view.dispatch({ effects: revealAt.of(position) });
    });
    return mask;
  }

  ignoreEvent(): boolean {
    return true;
  }
}

/** New spans from the server, valid for the document text they were computed on. */
const setSpans = StateEffect.define<{ text: string; spans: ISpan[] }>();
/** Show the key that starts at (or covers) this position. */
export const revealAt = StateEffect.define<number>();

interface IMaskState {
  masked: DecorationSet;
  revealed: DecorationSet;
}

const revealedMark = Decoration.mark({ class: 'jp-secrets-revealed' });

function overlaps(set: DecorationSet, from: number, to: number): boolean {
  let found = false;
  set.between(from, to, (a, b) => {
    if (a < to && b > from) {
      found = true;
      return false;
    }
  });
  return found;
}

function buildMasks(
  text: string,
  spans: ISpan[],
  revealed: DecorationSet,
  labels: IMaskingLabels
): DecorationSet {
  const ranges = [...spans]
    .sort((a, b) => a.start - b.start)
    .filter(s => s.end > s.start && s.end <= text.length && !overlaps(revealed, s.start, s.end))
    .map(s =>
      Decoration.replace({
        widget: new MaskWidget(maskedText(text.slice(s.start, s.end), s), s.rule, labels)
      }).range(s.start, s.end)
    );
  return Decoration.set(ranges, true);
}

function maskField(labels: IMaskingLabels): StateField<IMaskState> {
  return StateField.define<IMaskState>({
    create: () => ({ masked: Decoration.none, revealed: Decoration.none }),
    update(state, tr) {
      let masked = state.masked.map(tr.changes);
      let revealed = state.revealed.map(tr.changes);
      for (const effect of tr.effects) {
        if (effect.is(revealAt)) {
          const at = effect.value;
          masked.between(at, at + 1, (from, to) => {
            revealed = revealed.update({ add: [revealedMark.range(from, to)] });
          });
          masked = masked.update({ filter: (from, to) => !(from <= at && at < to) });
        } else if (effect.is(setSpans)) {
          // answers for an older text are dropped: a newer scan is on its way
          if (effect.value.text === tr.state.doc.toString()) {
            masked = buildMasks(effect.value.text, effect.value.spans, revealed, labels);
          }
        }
      }
      return { masked, revealed };
    },
    provide: field => [
      EditorView.decorations.from(field, state => state.masked),
      EditorView.decorations.from(field, state => state.revealed),
      EditorView.atomicRanges.of(view => view.state.field(field).masked)
    ]
  });
}

/** Texts longer than this are not sent for masking on every change. */
const MAX_CHARS = 1_000_000;

class SpanRequester implements PluginValue {
  constructor(
    private view: EditorView,
    private finder: SpanFinder,
    private delay: number
  ) {
    this.schedule(0);
  }

  update(update: ViewUpdate): void {
    if (update.docChanged) {
      this.schedule(this.delay);
    }
  }

  destroy(): void {
    this.destroyed = true;
    if (this.timer !== null) {
      clearTimeout(this.timer);
    }
  }

  private schedule(delay: number): void {
    if (this.timer !== null) {
      clearTimeout(this.timer);
    }
    this.timer = setTimeout(() => void this.request(), delay);
  }

  private async request(): Promise<void> {
    this.timer = null;
    const text = this.view.state.doc.toString();
    if (text.length > MAX_CHARS) {
      return;
    }
    let spans: ISpan[];
    try {
      spans = await this.finder.find(text);
    } catch (error) {
      console.warn('jupyter-secrets: keys in this editor cannot be masked:', (error as Error).message);
      return;
    }
    if (!this.destroyed) {
      this.view.dispatch({ effects: setSpans.of({ text, spans }) });
    }
  }

  private timer: ReturnType<typeof setTimeout> | null = null;
  private destroyed = false;
}

/**
 * Shows detected keys masked in a CodeMirror 6 editor until the user clicks one. Only the
 * display changes: the document, and so copy and save, keep the real text.
 */
export function maskingExtension(
  finder: SpanFinder,
  labels: IMaskingLabels,
  delay = 300
): Extension {
  return [
    maskField(labels),
    ViewPlugin.define(view => new SpanRequester(view, finder, delay))
  ];
}
