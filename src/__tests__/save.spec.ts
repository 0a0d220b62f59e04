import { Contents, ServerConnection } from '@jupyterlab/services';
import { nullTranslator } from '@jupyterlab/translation';

import { IFinding } from '../api/types';
import { BlockedSaveChoice, IBlockedSaveOptions } from '../dialogs/blockedSave';
import { SaveCoordinator } from '../save/coordinator';
import { interceptSaves, ISaveListener } from '../save/interceptor';
import { guardNotice, GUARD_SCHEMA, noticeMessage } from '../save/notices';
import { RefusedSaves } from '../save/refused';
import { requestAPI } from '../request';

jest.mock('../request', () => ({ requestAPI: jest.fn() }));
const request = requestAPI as jest.MockedFunction<typeof requestAPI>;
const trans = nullTranslator.load('jupyter_secrets');

function finding(fingerprint: string, where: IFinding['where'] = 'source'): IFinding {
  return {
    path: 'a.ipynb', cell: 0, where, output: null, line: 1, column: 5,
    rule: 'github-pat-classic', fingerprint, preview: 'ghp_…'
  };
}

function refusal(): ServerConnection.ResponseError {
  const body = JSON.stringify({ message: 'Not saved: a.ipynb holds 1 plaintext secret', findings: [] });
  return new ServerConnection.ResponseError(new Response(body, { status: 422 }), 'Not saved');
}

describe('interceptSaves', () => {
  function contents(save: () => Promise<any>): Contents.IManager {
    return { save, localPath: (p: string) => p.replace(/^drive:/, '') } as unknown as Contents.IManager;
  }

  it('turns a refused save into the listener\'s call and an error JupyterLab shows no dialog for', async () => {
    const listener: ISaveListener = { refused: jest.fn(), saved: jest.fn() };
    const manager = contents(() => Promise.reject(refusal()));
    interceptSaves(manager, listener);

    const saving = manager.save('a.ipynb', { type: 'notebook' });

    await expect(saving).rejects.toMatchObject({ name: 'ModalCancelError' });
    expect(listener.refused).toHaveBeenCalledWith('a.ipynb');
  });

  it('passes other failures on untouched, and reports what the guard stripped', async () => {
    const listener: ISaveListener = { refused: jest.fn(), saved: jest.fn() };
    const failing = contents(() => Promise.reject(new Error('disk full')));
    const stripping = contents(async () => ({
      path: 'b.ipynb', jupyter_secrets: { stripped: [finding('f')], warned: [], reload: true }
    }));
    interceptSaves(failing, listener);
    const undo = interceptSaves(stripping, listener);

    await expect(failing.save('a.ipynb')).rejects.toThrow('disk full');
    await stripping.save('b.ipynb');

    expect(listener.refused).not.toHaveBeenCalled();
    expect(listener.saved).toHaveBeenCalledWith('b.ipynb', expect.objectContaining({ reload: true }));
    undo.dispose();
    await stripping.save('b.ipynb');
    expect(listener.saved).toHaveBeenCalledTimes(1);
  });
});

describe('SaveCoordinator', () => {
  let shown: IBlockedSaveOptions[];
  let answer: BlockedSaveChoice;
  let refusedSaves: RefusedSaves;

  function coordinator(): SaveCoordinator {
    shown = [];
    answer = 'keep';
    refusedSaves = new RefusedSaves();
    return new SaveCoordinator({
      refusedSaves,
      fixer: {} as any,
      trans,
      secretNames: async () => [],
      stored: () => undefined,
      docManager: { findWidget: () => undefined } as any,
      findings: { panelFor: () => null } as any,
      finder: {} as any,
      show: async options => {
        shown.push(options);
        return answer;
      }
    });
  }

  const settle = () => new Promise(resolve => setTimeout(resolve, 0));

  it('shows one dialog for a refusal heard twice (the save\'s reply and its event)', async () => {
    const saves = coordinator();
    request.mockResolvedValue({ path: 'a.ipynb', notices: [{ action: 'save-blocked', path: 'a.ipynb', message: '', findings: [finding('f1')] }] } as any);

    saves.markManual('a.ipynb');
    saves.refused('a.ipynb');
    saves.refused('a.ipynb', [finding('f1')]);
    await settle();

    expect(shown).toHaveLength(1);
    expect(shown[0].findings.map(f => f.fingerprint)).toEqual(['f1']);
  });

  it('answers an autosave with a notice and no dialog, and a save the user asked for with the dialog', async () => {
    const saves = coordinator();

    // an autosave (a kernel was chosen): the keys are kept for the status bar and the panel
    saves.refused('a.ipynb', [finding('f1')]);
    await settle();
    expect(shown).toHaveLength(0);
    expect(refusedSaves.get('a.ipynb')?.map(f => f.fingerprint)).toEqual(['f1']);

    saves.refused('a.ipynb', [finding('f1'), finding('f2')]); // another autosave, a new key
    await settle();
    expect(shown).toHaveLength(0);
    expect(refusedSaves.get('a.ipynb')).toHaveLength(2);

    saves.markManual('a.ipynb'); // Ctrl+S
    saves.refused('a.ipynb', [finding('f1'), finding('f2')]);
    await settle();
    expect(shown).toHaveLength(1);
    expect(shown[0].findings).toHaveLength(2);
  });

  it('forgets a refusal once a save goes through', async () => {
    const saves = coordinator();
    saves.refused('a.ipynb', [finding('f1')]);
    await settle();

    saves.saved('a.ipynb', { stripped: [], warned: [], reload: false });

    expect(refusedSaves.get('a.ipynb')).toBeNull();
  });

  it('asks the guard for the findings when the refusal came without them', async () => {
    const saves = coordinator();
    request.mockResolvedValue({ path: 'x.py', notices: [
      { action: 'save-stripped', path: 'x.py', message: '', findings: [finding('old')] },
      { action: 'save-blocked', path: 'x.py', message: '', findings: [finding('new')] }
    ] } as any);

    saves.markManual('x.py');
    saves.refused('x.py');
    await settle();
    await settle();

    expect(request).toHaveBeenCalledWith('saves?path=x.py');
    expect(shown[0].findings.map(f => f.fingerprint)).toEqual(['new']);
  });
});

describe('guard events', () => {
  it('reads the guard\'s notices and no other schema', () => {
    const event = { schema_id: GUARD_SCHEMA, action: 'export-stripped', path: 'a.ipynb', message: '', findings: [finding('f', 'outputs')] };

    const notice = guardNotice(event as any);

    expect(notice?.action).toBe('export-stripped');
    expect(guardNotice({ schema_id: 'https://events.jupyter.org/other', action: 'x', path: 'y' } as any)).toBeNull();
    expect(noticeMessage(notice!, trans)).toBe(
      'Secrets were removed from the export of a.ipynb: cell 1 output, line 1: github-pat-classic (ghp_…)'
    );
  });

  it('says what a download refused and why', () => {
    const notice = { action: 'download-refused', path: 'w.bin', message: 'model weights are not served', findings: [] };

    expect(noticeMessage(notice, trans)).toBe('The download of w.bin was refused: model weights are not served');
    expect(noticeMessage({ ...notice, action: 'save-blocked' }, trans)).toBeNull();
  });
});
