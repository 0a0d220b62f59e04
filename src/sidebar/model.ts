import { ISignal, Signal } from '@lumino/signaling';

import {
  auditEvents,
  auditReport,
  getStatus,
  listSecrets
} from '../api/client';
import {
  IAuditEvent,
  IAuditFilter,
  IAuditReport,
  ISecretEntry,
  IStatus
} from '../api/types';

/**
 * What the panel shows of the server: the backend's status, the secrets' metadata and the
 * audit trail. Values are never part of it.
 */
export class SecretsModel {
  get changed(): ISignal<this, void> {
    return this._changed;
  }

  get status(): IStatus | null {
    return this._status;
  }

  get secrets(): readonly ISecretEntry[] {
    return this._secrets;
  }

  get events(): readonly IAuditEvent[] {
    return this._events;
  }

  get report(): IAuditReport | null {
    return this._report;
  }

  /** Why the last call failed, for the panel to show; null when it worked. */
  get problem(): string | null {
    return this._problem;
  }

  get auditProblem(): string | null {
    return this._auditProblem;
  }

  get loading(): boolean {
    return this._loading;
  }

  get auditFilter(): IAuditFilter {
    return this._auditFilter;
  }

  /** The names in the store, for suggesting names that do not overwrite one. */
  async names(): Promise<string[]> {
    if (this._secrets.length === 0 && !this._loaded) {
      // the list alone: the panel may never have been shown, and a fix should not wait for it
      try {
        this._secrets = (await listSecrets()).secrets;
        this._loaded = true;
      } catch {
        return [];
      }
    }
    return this._secrets.map(s => s.name);
  }

  /** The server cannot be asked at all (e.g. its extension is not enabled). */
  fail(problem: string): void {
    this._problem = problem;
    this._changed.emit();
  }

  /** Status and secrets, again. */
  async refresh(): Promise<void> {
    this._loading = true;
    this._changed.emit();
    try {
      this._status = await getStatus();
      this._secrets = this._status.ok ? (await listSecrets()).secrets : [];
      this._problem = null;
      this._loaded = true;
    } catch (error) {
      this._problem = (error as Error).message;
    } finally {
      this._loading = false;
      this._changed.emit();
    }
  }

  async refreshAudit(filter: IAuditFilter = this._auditFilter): Promise<void> {
    this._auditFilter = filter;
    try {
      const [events, report] = await Promise.all([auditEvents({ limit: 50, ...filter }), auditReport()]);
      this._events = events;
      this._report = report;
      this._auditProblem = null;
    } catch (error) {
      this._auditProblem = (error as Error).message;
    }
    this._changed.emit();
  }

  private _status: IStatus | null = null;
  private _secrets: ISecretEntry[] = [];
  private _events: IAuditEvent[] = [];
  private _report: IAuditReport | null = null;
  private _auditFilter: IAuditFilter = {};
  private _problem: string | null = null;
  private _auditProblem: string | null = null;
  private _loading = false;
  private _loaded = false;
  private _changed = new Signal<this, void>(this);
}
