import { TranslationBundle } from '@jupyterlab/translation';
import { Button } from '@jupyterlab/ui-components';
import * as React from 'react';

import { IAuditEvent, IAuditFilter, IAuditReport } from '../api/types';
import { when } from './secretRow';

export interface IAuditViewProps {
  events: readonly IAuditEvent[];
  report: IAuditReport | null;
  filter: IAuditFilter;
  problem: string | null;
  trans: TranslationBundle;
  refresh(filter: IAuditFilter): void;
}

function ReportView({ report, trans }: { report: IAuditReport; trans: TranslationBundle }): JSX.Element {
  const items: [string, string[]][] = [
    [trans.__('Never used'), report.never_used],
    [
      trans.__('Not used for %1 days', report.settings.unused_days ?? 30),
      report.unused.map(u => `${u.secret} (${when(u.last_used, trans)})`)
    ],
    [
      trans.__('New readers in the last %1 days', report.settings.new_days ?? 7),
      report.new_workloads.map(w => `${w.secret} ← ${w.path} (${trans._n('%1 read', '%1 reads', w.reads)})`)
    ],
    [
      trans.__('Sharp changes in use'),
      report.sharp_changes.map(c => `${c.secret} ${c.direction === 'up' ? '↑' : '↓'} ${c.recent} / ${c.baseline}`)
    ]
  ];
  return (
    <dl className="jp-secrets-report" aria-label={trans.__('Audit report')}>
      {items.map(([title, lines]) => (
        <React.Fragment key={title}>
          <dt>{title}</dt>
          <dd>{lines.length ? lines.join(', ') : trans.__('none')}</dd>
        </React.Fragment>
      ))}
    </dl>
  );
}

function EventsTable({ events, trans }: { events: readonly IAuditEvent[]; trans: TranslationBundle }): JSX.Element {
  return (
    <table className="jp-secrets-events" aria-label={trans.__('Audit events')}>
      <thead>
        <tr>
          <th>{trans.__('When')}</th>
          <th>{trans.__('What')}</th>
          <th>{trans.__('Secret')}</th>
          <th>{trans.__('Who / where')}</th>
        </tr>
      </thead>
      <tbody>
        {events.map(e => (
          <tr key={e.seq} className={e.outcome === 'ok' ? '' : 'jp-mod-warn'} title={e.detail}>
            <td>{new Date(e.time * 1000).toLocaleTimeString()}</td>
            <td>{`${e.action} · ${e.outcome}`}</td>
            <td>{e.secret}</td>
            <td>{e.path || e.actor}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Recent audit events, filterable, and the report (stale, never used, new readers). */
export function AuditView(props: IAuditViewProps): JSX.Element {
  const { events, report, problem, trans } = props;
  const [filter, setFilter] = React.useState<IAuditFilter>(props.filter);
  const field = (key: 'secret' | 'action' | 'outcome', label: string) => (
    <input
      className="jp-mod-styled"
      type="search"
      placeholder={label}
      aria-label={trans.__('Filter audit events by %1', label)}
      value={filter[key] ?? ''}
      onChange={event => setFilter({ ...filter, [key]: event.target.value })}
    />
  );
  const apply = (event: React.FormEvent) => {
    event.preventDefault();
    props.refresh(filter);
  };
  return (
    <div className="jp-secrets-audit">
      <form className="jp-secrets-audit-filter" onSubmit={apply}>
        {field('secret', trans.__('secret'))}
        {field('action', trans.__('action'))}
        {field('outcome', trans.__('outcome'))}
        <Button type="submit" small minimal>
          {trans.__('Apply')}
        </Button>
      </form>
      {problem && (
        <div className="jp-secrets-error" role="alert">
          {problem}
        </div>
      )}
      <EventsTable events={events} trans={trans} />
      {events.length === 0 && !problem && <p className="jp-secrets-empty">{trans.__('No events yet.')}</p>}
      {report && <ReportView report={report} trans={trans} />}
    </div>
  );
}
