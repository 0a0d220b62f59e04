import { nullTranslator } from '@jupyterlab/translation';
import * as React from 'react';
import { renderToStaticMarkup } from 'react-dom/server';

import { IStatus } from '../api/types';
import { StatusView } from '../sidebar/status';

const trans = nullTranslator.load('jupyter_secrets');

function status(extra: Partial<IStatus> = {}): IStatus {
  return {
    env: 'dev',
    backend: 'local',
    ok: true,
    message: '',
    fix: '',
    environments: ['dev'],
    guards: { ok: true, problem: '', fix: '' },
    audit: { ok: true, problems: [], fix: '' },
    ...extra
  };
}

function render(s: IStatus): string {
  return renderToStaticMarkup(<StatusView status={s} problem={null} trans={trans} />);
}

describe('the status of the server', () => {
  it('is healthy when the backend, the guards and the audit trail are', () => {
    const html = render(status());
    expect(html).toContain('jp-mod-ok');
    expect(html).not.toContain('role="alert"');
  });

  it('says when saves are not being checked, even with a working backend', () => {
    const html = render(
      status({ guards: { ok: false, problem: 'ValueError: bad regex', fix: 'fix it' } })
    );
    expect(html).toContain('jp-mod-error');
    expect(html).toContain('data-field="guards"');
    expect(html).toContain('ValueError: bad regex');
  });

  it('says when the audit trail was rolled back', () => {
    const html = render(
      status({ audit: { ok: false, problems: ['the newest records were deleted'], fix: 'verify' } })
    );
    expect(html).toContain('jp-mod-error');
    expect(html).toContain('data-field="audit"');
    expect(html).toContain('the newest records were deleted');
  });
});
