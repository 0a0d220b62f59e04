import { ITranslator, TranslationBundle } from '@jupyterlab/translation';
import {
  ReactWidget,
  refreshIcon,
  SidePanel,
  ToolbarButton,
  UseSignal
} from '@jupyterlab/ui-components';
import { Message } from '@lumino/messaging';
import { Signal } from '@lumino/signaling';
import { AccordionPanel, Widget } from '@lumino/widgets';
import * as React from 'react';

import { IFinding } from '../api/types';
import { keyIcon } from '../icons';
import { FindingsTracker } from '../findings/tracker';
import { IFixContext, fixActionsFor } from '../fixes/actions';
import { RefusedSaves } from '../save/refused';
import { AssistantsSection } from './assistants';
import { AuditView } from './audit';
import { FindingsView } from './findings';
import { SecretsModel } from './model';
import { SecretsView } from './secrets';
import { StatusView } from './status';

export const PANEL_ID = 'jupyter-secrets-panel';

export interface ISecretsPanelOptions {
  model: SecretsModel;
  findings: FindingsTracker;
  fixes: IFixContext;
  trans: TranslationBundle;
  translator: ITranslator;
  jump(finding: IFinding): void;
  /** Refused saves, shown above the findings of their notebook. */
  refusedSaves: RefusedSaves;
  /** Opens the dialog of a refused save. */
  review(path: string): void;
  /** Called when the panel is first shown: what it lists is asked for then, not at start-up. */
  firstShown?(): void;
}

function section(title: string, id: string, render: () => JSX.Element): Widget {
  const widget = ReactWidget.create(render());
  widget.id = `${PANEL_ID}-${id}`;
  widget.title.label = title;
  widget.addClass('jp-secrets-section');
  return widget;
}

function statusSection({ model, trans }: ISecretsPanelOptions): Widget {
  return section(trans.__('Status'), 'status', () => (
    <UseSignal signal={model.changed}>
      {() => <StatusView status={model.status} problem={model.problem} trans={trans} />}
    </UseSignal>
  ));
}

function findingsSection(options: ISecretsPanelOptions): Widget {
  const { findings, refusedSaves, trans } = options;
  return section(trans.__('Findings in this notebook'), 'findings', () => (
    <UseSignal signal={refusedSaves.changed}>
      {() => (
        <UseSignal signal={findings.changed}>
          {() => {
            const current = findings.current;
            const actions = current ? fixActionsFor(current.panel, options.fixes, options.jump) : null;
            const refused = current ? refusedSaves.get(current.path) : null;
            const review = current ? () => options.review(current.path) : undefined;
            return <FindingsView findings={current} actions={actions} refused={refused} review={review} trans={trans} />;
          }}
        </UseSignal>
      )}
    </UseSignal>
  ));
}

function secretsSection({ model, findings, trans }: ISecretsPanelOptions): Widget {
  const notebookPath = () => findings.tracker.currentWidget?.context.path ?? null;
  const changed = () => void model.refresh();
  return section(trans.__('Secrets'), 'secrets', () => (
    <UseSignal signal={model.changed}>
      {() => (
        <UseSignal signal={findings.changed}>
          {() => (
            <SecretsView secrets={model.secrets} notebook={notebookPath()} trans={trans} changed={changed} />
          )}
        </UseSignal>
      )}
    </UseSignal>
  ));
}

function auditSection({ model, trans }: ISecretsPanelOptions): Widget {
  return section(trans.__('Audit'), 'audit', () => (
    <UseSignal signal={model.changed}>
      {() => (
        <AuditView
          events={model.events}
          report={model.report}
          filter={model.auditFilter}
          problem={model.auditProblem}
          trans={trans}
          refresh={filter => void model.refreshAudit(filter)}
        />
      )}
    </UseSignal>
  ));
}

/** AI assistants and agents' grant requests: asked for only once the section is opened. */
function assistantsSection(trans: TranslationBundle, opened: Signal<unknown, boolean>): Widget {
  return section(trans.__('AI assistants'), 'assistants', () => (
    <UseSignal signal={opened} initialArgs={false}>
      {(_, shown) =>
        shown ? (
          <AssistantsSection trans={trans} />
        ) : (
          <p>{trans.__('Open to see the assistants and the grants agents ask for.')}</p>
        )
      }
    </UseSignal>
  ));
}

/**
 * The Secrets side panel: backend status, the secrets with their metadata and actions,
 * findings of the active notebook with fixes, and the audit trail.
 */
export class SecretsPanel extends SidePanel {
  constructor(options: ISecretsPanelOptions) {
    super({ translator: options.translator });
    const { model, findings, trans } = options;
    this._firstShown = options.firstShown;
    this.id = PANEL_ID;
    this.addClass('jp-secrets-panel');
    this.title.icon = keyIcon;
    this.title.caption = trans.__('Secrets');
    this.node.setAttribute('aria-label', trans.__('Secrets panel'));

    const header = new Widget();
    header.node.textContent = trans.__('Secrets');
    header.addClass('jp-secrets-header');
    this.header.addWidget(header);
    this.toolbar.addItem(
      'refresh',
      new ToolbarButton({
        icon: refreshIcon,
        tooltip: trans.__('Refresh'),
        onClick: () => {
          void model.refresh();
          void model.refreshAudit();
          void findings.current?.scanNow(true);
        }
      })
    );
    this.addWidget(statusSection(options));
    this.addWidget(findingsSection(options));
    this.addWidget(secretsSection(options));
    this._audit = auditSection(options);
    this.addWidget(this._audit);
    this._assistants = assistantsSection(trans, this._assistantsOpened);
    this.addWidget(this._assistants);
    this._loadAuditWhenOpened(model);
  }

  /** The audit trail starts collapsed and loads when its section opens. */
  private _loadAuditWhenOpened(model: SecretsModel): void {
    if (this.content instanceof AccordionPanel) {
      const accordion = this.content;
      accordion.collapse(this.widgets.indexOf(this._audit));
      accordion.collapse(this.widgets.indexOf(this._assistants));
      accordion.expansionToggled.connect((_, index) => {
        if (this.widgets[index] === this._audit && !this._audit.isHidden) {
          // it starts with no room of its own
          accordion.setRelativeSizes([1, 1, 2.5, 2.5, 0]);
          void model.refreshAudit();
        }
        if (this.widgets[index] === this._assistants && !this._assistants.isHidden) {
          accordion.setRelativeSizes([1, 1, 2.5, 0, 2]);
          this._assistantsOpened.emit(true);
        }
      });
    }
  }

  protected onAfterShow(msg: Message): void {
    super.onAfterShow(msg);
    if (!this._shown) {
      this._shown = true;
      this._firstShown?.();
    }
    if (!this._sized && this.content instanceof AccordionPanel) {
      // once laid out, the list of secrets gets the most room
      this._sized = true;
      const accordion = this.content;
      requestAnimationFrame(() => accordion.setRelativeSizes([1.8, 1.7, 5.5, 0, 0]));
    }
  }

  /** Opens the audit section and loads it. */
  showAudit(model: SecretsModel): void {
    const index = this.widgets.indexOf(this._audit);
    if (index >= 0 && this.content instanceof AccordionPanel) {
      this.content.expand(index);
    }
    void model.refreshAudit();
  }

  private _audit: Widget;
  private _assistants: Widget;
  private _assistantsOpened = new Signal<unknown, boolean>(this);
  private _sized = false;
  private _shown = false;
  private _firstShown?: () => void;
}
