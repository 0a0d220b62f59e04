import { TranslationBundle } from '@jupyterlab/translation';
import { ReactWidget } from '@jupyterlab/ui-components';
import { ISignal } from '@lumino/signaling';
import * as React from 'react';

import { IFinding } from '../api/types';
import { keyIcon } from '../icons';
import { describeFindings } from './coordinator';

export interface IRefusedSaveStatusOptions {
  /** The keys that stopped the last save of the active document, or null. */
  refused(): readonly IFinding[] | null;
  changed: ISignal<unknown, unknown>;
  open(): void;
  trans: TranslationBundle;
}

/** The status-bar item of a refused save: how many keys, which ones, and a click to fix them. */
export class RefusedSaveStatus extends ReactWidget {
  constructor(private options: IRefusedSaveStatusOptions) {
    super();
    this.addClass('jp-secrets-refused-status');
    options.changed.connect(() => this.update(), this);
  }

  protected render(): JSX.Element | null {
    const { trans } = this.options;
    const findings = this.options.refused();
    if (!findings) {
      return null;
    }
    const label = trans._n('Not saved: %1 plaintext secret', 'Not saved: %1 plaintext secrets', findings.length);
    const title = trans.__('%1. Click to fix them in the Secrets panel.', describeFindings(findings, trans));
    return (
      <button className="jp-secrets-refused-status-button" title={title} aria-label={`${label}: ${title}`}
        onClick={() => this.options.open()}>
        <keyIcon.react tag="span" className="jp-secrets-refused-status-icon" />
        <span>{label}</span>
      </button>
    );
  }
}
