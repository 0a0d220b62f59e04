/**
 * The shapes the server extension answers with. None of them holds a secret value, except the
 * reply of an explicit reveal.
 */

/** Where a finding sits, as in `jupyter-secrets scan --format json`. */
export type Where = 'source' | 'outputs' | 'metadata' | 'attachments' | 'text';

/** A detected secret: rule, place, keyed fingerprint and a preview of a well-known prefix. */
export interface IFinding {
  path: string;
  /** 0-based cell index; null for a plain text file. */
  cell: number | null;
  where: Where;
  /** 0-based output index when `where` is `outputs`. */
  output: number | null;
  /** 1-based line within the source, output text or file. */
  line: number;
  /** 1-based column. */
  column: number;
  rule: string;
  fingerprint: string;
  preview: string;
}

export interface IScanReply {
  findings: IFinding[];
  errors: { path: string; message: string }[];
}

/** Where a key sits in one text, in JavaScript string indices. */
export interface ISpan {
  start: number;
  end: number;
  line: number;
  column: number;
  rule: string;
  preview: string;
}

export interface ISpansReply {
  spans: ISpan[][];
}

/** One changed cell of a notebook, as the batch sends it. */
export interface ICellCheck {
  id: string;
  /** Names what was sent; the answer carries it back. */
  hash: string;
  /** Where the cell is now: its findings carry this index. */
  index: number;
  /** The nbformat cell, without binary output data. */
  cell: Record<string, unknown>;
}

/** What the browser asks in one call: a notebook's changes and the texts it needs spans for. */
export interface IBatch {
  path?: string;
  cells?: ICellCheck[];
  metadata?: { hash: string; value: Record<string, unknown> };
  /** Texts by content hash. */
  texts: Record<string, string>;
}

export interface ICellAnswer {
  hash: string;
  findings: IFinding[];
  /** Where the keys sit in the cell's source. */
  spans: ISpan[];
}

export interface IBatchReply {
  cells: Record<string, ICellAnswer>;
  metadata: { hash: string; findings: IFinding[] } | null;
  spans: Record<string, ISpan[]>;
  errors: { path: string; message: string }[];
}

/** The backend the server uses and whether it works. */
export interface IStatus {
  env: string;
  backend: string | null;
  ok: boolean;
  message: string;
  fix: string;
  reason?: string;
  detail?: string;
  read_only?: boolean;
  environments: string[];
  /** Whether saves, exports and downloads are being checked on this server. */
  guards?: { ok: boolean; problem: string; fix: string };
  /** The audit trail's newest end against its anchor outside the database. */
  audit?: { ok: boolean; problems: string[]; fix: string };
}

export type GrantKind = 'notebook' | 'workload';

export interface IGrant {
  kind: GrantKind;
  target: string;
  /** "stored" (panel, command line), "config" or "default". */
  source: string;
  granted_by?: string | null;
  granted_at?: number | null;
}

export interface IRotation {
  env: string;
  secret: string;
  state: string;
  current_version: string;
  previous_version: string;
  overlap_until: number | null;
  updated: number;
  reason: string;
}

/** One secret as the panel lists it: everything but the value. */
export interface ISecretEntry {
  name: string;
  version: string | null;
  created: number | null;
  updated: number | null;
  scope: IGrant[];
  last_used: number | null;
  reads: number;
  used_by: string[];
  rotation: IRotation | null;
  validator: boolean;
}

export interface ISecretsReply {
  env: string;
  secrets: ISecretEntry[];
}

export interface IAddReply {
  name: string;
  version: string | null;
  scope: IGrant[];
}

export interface IGrantsReply {
  name: string;
  added?: boolean;
  scope: IGrant[];
}

export type RotationStep =
  | 'stage'
  | 'validate'
  | 'cutover'
  | 'abandon'
  | 'rotate'
  | 'rollback';

export interface IRotationReply {
  name: string;
  step: RotationStep;
  rotation: IRotation | null;
  verdict?: { valid: boolean; reason: string };
}

export interface IAuditEvent {
  seq: number;
  time: number;
  env: string;
  actor: string;
  path: string;
  kernel_id: string;
  secret: string;
  version: string;
  action: string;
  outcome: string;
  detail: string;
  source: string;
}

export interface IAuditFilter {
  secret?: string;
  workload?: string;
  action?: string;
  outcome?: string;
  since?: string;
  limit?: number;
}

export interface IAuditReport {
  env: string;
  generated: number;
  settings: Record<string, number>;
  unused: { secret: string; last_used: number }[];
  never_used: string[];
  new_workloads: {
    secret: string;
    path: string;
    first_read: number;
    reads: number;
  }[];
  sharp_changes: {
    secret: string;
    recent: number;
    baseline: number;
    direction: 'up' | 'down';
  }[];
}

/** What a guard did, from its server event or from GET saves?path=. */
export interface IGuardNotice {
  action: string;
  path: string;
  message: string;
  findings: IFinding[];
  time?: number;
}

/** What the guard adds to the reply of a save it let through. */
export interface ISaveReport {
  stripped: IFinding[];
  warned: IFinding[];
  reload: boolean;
}
