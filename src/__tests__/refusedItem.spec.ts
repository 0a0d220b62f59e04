import { JupyterFrontEnd, LabShell } from '@jupyterlab/application';
import { StatusBar } from '@jupyterlab/statusbar';
import { nullTranslator } from '@jupyterlab/translation';
import { MessageLoop } from '@lumino/messaging';
import { Signal } from '@lumino/signaling';
import { Widget } from '@lumino/widgets';

import { IFinding } from '../api/types';
import { addRefusedSaveItem } from '../shell/refusedItem';

const trans = nullTranslator.load('jupyter_secrets');

const FINDING: IFinding = {
  path: 'leak.ipynb',
  cell: 0,
  where: 'source',
  output: null,
  line: 1,
  column: 6,
  rule: 'github-pat-classic',
  fingerprint: '0123456789abcdef',
  preview: 'ghp_…'
};

/** A real JupyterLab shell, attached so that its areas render; the app around it is the shell. */
function appWithShell(): { app: JupyterFrontEnd; shell: LabShell } {
  const shell = new LabShell({ waitForRestore: false });
  Widget.attach(shell, document.body);
  return { app: { shell } as unknown as JupyterFrontEnd, shell };
}

function refusedState() {
  let findings: readonly IFinding[] | null = null;
  const changed = new Signal<unknown, void>({});
  const opened: string[] = [];
  return {
    options: { refused: () => findings, changed, open: () => opened.push('panel'), trans },
    refuse: (value: readonly IFinding[] | null) => {
      findings = value;
      changed.emit();
    },
    opened
  };
}

/** The element once React rendered it (React 18 renders after the update request returns). */
async function rendered(widget: Widget, selector: string): Promise<HTMLElement> {
  for (let waited = 0; waited < 5000; waited += 20) {
    const element = widget.node.querySelector<HTMLElement>(selector);
    if (element) {
      return element;
    }
    await new Promise(resolve => setTimeout(resolve, 20));
  }
  throw new Error(`${selector} was not rendered`);
}

function menuItem(shell: LabShell): Widget | undefined {
  return Array.from(shell.widgets('menu')).find(w => w.id === 'jupyter-secrets-refused-save');
}

describe('the item of a refused save', () => {
  afterEach(() => {
    document.body.innerHTML = '';
  });

  it('goes to the status bar where there is one, and not to the menu bar', () => {
    const { app, shell } = appWithShell();
    const statusBar = new StatusBar();
    Widget.attach(statusBar, document.body);

    const place = addRefusedSaveItem(app, statusBar, refusedState().options);

    expect(place).toBe('status-bar');
    expect(statusBar.node.querySelectorAll('.jp-secrets-refused-status')).toHaveLength(1);
    expect(menuItem(shell)).toBeUndefined();
  });

  it('goes to the menu bar without a status bar (Notebook 7), shown only while a save is refused', async () => {
    const { app, shell } = appWithShell();
    const state = refusedState();

    // Given a shell without a status bar
    const place = addRefusedSaveItem(app, null, state.options);

    // Then the item is in the menu area, hidden while nothing was refused
    expect(place).toBe('menu');
    const item = menuItem(shell)!;
    expect(item).toBeDefined();
    expect(item.isHidden).toBe(true);

    // When a save of the active notebook is refused
    state.refuse([FINDING]);
    MessageLoop.sendMessage(item, Widget.Msg.UpdateRequest);

    // Then it shows how many keys stopped it and opens the panel on a click
    expect(item.isHidden).toBe(false);
    const button = await rendered(item, 'button');
    expect(button.textContent).toBe('Not saved: 1 plaintext secret');
    expect(button.title).toContain('github-pat-classic');
    button.click();
    expect(state.opened).toEqual(['panel']);

    // And it hides again once the notebook saved
    state.refuse(null);
    expect(item.isHidden).toBe(true);
  });
});
