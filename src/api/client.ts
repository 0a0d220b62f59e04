import { requestAPI } from '../request';
import {
  IAddReply,
  IAuditEvent,
  IAuditFilter,
  IAuditReport,
  IBatch,
  IBatchReply,
  IGrantsReply,
  IGuardNotice,
  IRotationReply,
  IScanReply,
  ISecretsReply,
  ISpansReply,
  IStatus,
  GrantKind,
  RotationStep
} from './types';

/**
 * Typed calls of the server's REST API; every one goes through `requestAPI`.
 *
 * Values travel only in `addSecret` and `rotate` (to the server) and `reveal` (back, on an
 * explicit request the server audits).
 */

function post(body: unknown): RequestInit {
  return { method: 'POST', body: JSON.stringify(body) };
}

function secretPath(name: string, ...rest: string[]): string {
  return ['secrets', encodeURIComponent(name), ...rest].join('/');
}

function query(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') {
      search.set(key, String(value));
    }
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

export function getStatus(): Promise<IStatus> {
  return requestAPI<IStatus>('status');
}

export function listSecrets(): Promise<ISecretsReply> {
  return requestAPI<ISecretsReply>('secrets');
}

/** Stores a value; a secret created for a notebook is granted to that notebook only. */
export function addSecret(
  name: string,
  value: string,
  notebook = ''
): Promise<IAddReply> {
  return requestAPI<IAddReply>('secrets', post({ name, value, notebook }));
}

export async function deleteSecret(name: string): Promise<void> {
  await requestAPI<void>(secretPath(name), { method: 'DELETE' });
}

export function grant(
  name: string,
  kind: GrantKind,
  target: string
): Promise<IGrantsReply> {
  return requestAPI<IGrantsReply>(
    secretPath(name, 'grants'),
    post({ kind, target })
  );
}

export function revoke(
  name: string,
  kind: GrantKind,
  target: string
): Promise<IGrantsReply> {
  return requestAPI<IGrantsReply>(
    secretPath(name, 'grants') + query({ kind, target }),
    { method: 'DELETE' }
  );
}

/** The value of a secret: only on the user's explicit request; the server audits it. */
export async function reveal(name: string): Promise<string> {
  const reply = await requestAPI<{ value: string }>(
    secretPath(name, 'reveal'),
    post({})
  );
  return reply.value;
}

export function rotate(
  name: string,
  step: RotationStep,
  value?: string
): Promise<IRotationReply> {
  const body = value === undefined ? { step } : { step, value };
  return requestAPI<IRotationReply>(secretPath(name, 'rotation'), post(body));
}

export async function auditEvents(
  filter: IAuditFilter = {}
): Promise<IAuditEvent[]> {
  const reply = await requestAPI<{ events: IAuditEvent[] }>(
    'audit' + query({ ...filter })
  );
  return reply.events;
}

export function auditReport(): Promise<IAuditReport> {
  return requestAPI<IAuditReport>('audit/report');
}

/** Findings of a notebook as the browser holds it (not as saved). */
export function scanNotebook(
  path: string,
  content: unknown
): Promise<IScanReply> {
  return requestAPI<IScanReply>('scan', post({ path, content }));
}

export function scanText(path: string, text: string): Promise<IScanReply> {
  return requestAPI<IScanReply>('scan', post({ path, text }));
}

/** Where the keys sit in each text, in JavaScript string indices. */
export function findSpans(texts: string[], path = ''): Promise<ISpansReply> {
  return requestAPI<ISpansReply>('spans', post({ texts, path }));
}

/** A notebook's changed cells and the texts to locate keys in, in one call. */
export function checkBatch(batch: IBatch): Promise<IBatchReply> {
  return requestAPI<IBatchReply>('scan', post(batch));
}

/** The guard's last notices about saves of `path` (blocked, stripped, warned). */
export async function recentSaves(path: string): Promise<IGuardNotice[]> {
  const reply = await requestAPI<{ notices: IGuardNotice[] }>(
    'saves' + query({ path })
  );
  return reply.notices;
}
