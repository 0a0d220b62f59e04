import { ServerConnection } from '@jupyterlab/services';

import {
  addSecret,
  deleteSecret,
  listSecrets,
  reveal
} from '../api/client';
import { idOfName, nameOfId, namespacePrefix } from './naming';

/**
 * The shapes of jupyter-secrets-manager's `ISecret` and `ISecretsConnector` (its
 * `IDataConnector` subset), written out so this module does not need the package itself.
 */
export interface IManagedSecret {
  namespace: string;
  id: string;
  value: string;
}

export interface IManagedSecretsList {
  ids: string[];
  values: IManagedSecret[];
}

function isNotFound(error: unknown): boolean {
  return error instanceof ServerConnection.ResponseError && error.response.status === 404;
}

function split(connectorId: string): { namespace: string; id: string } {
  const at = connectorId.lastIndexOf(':');
  return at < 0
    ? { namespace: '', id: connectorId }
    : { namespace: connectorId.slice(0, at), id: connectorId.slice(at + 1) };
}

/**
 * A connector for jupyter-secrets-manager that keeps the keys other extensions (AI assistants)
 * ask for in the server's backend instead of browser memory or local storage. Reads are
 * reveals, so the audit trail records each one.
 *
 * The manager saves on every keystroke of an attached field: writes wait until typing stops,
 * so the backend keeps one version per value, not one per character.
 */
export class ServerSecretsConnector {
  constructor(private delay = 800) {}

  async fetch(connectorId: string): Promise<IManagedSecret | undefined> {
    const pending = this._pending.get(connectorId);
    if (pending) {
      return { ...split(connectorId), value: pending.value };
    }
    try {
      return { ...split(connectorId), value: await reveal(nameOfId(connectorId)) };
    } catch (error) {
      if (isNotFound(error)) {
        return undefined;
      }
      throw error;
    }
  }

  async save(connectorId: string, secret: IManagedSecret): Promise<void> {
    const previous = this._pending.get(connectorId);
    if (previous) {
      clearTimeout(previous.timer);
    }
    if (!secret.value) {
      this._pending.delete(connectorId);
      return; // an emptied field is a value being retyped, not a request to delete
    }
    const timer = setTimeout(() => void this.flush(connectorId), this.delay);
    this._pending.set(connectorId, { value: secret.value, timer });
  }

  /** Writes a value that is waiting for the typing to stop. */
  async flush(connectorId: string): Promise<void> {
    const pending = this._pending.get(connectorId);
    if (!pending) {
      return;
    }
    clearTimeout(pending.timer);
    this._pending.delete(connectorId);
    try {
      await addSecret(nameOfId(connectorId), pending.value);
    } catch (error) {
      console.error(`jupyter-secrets: ${nameOfId(connectorId)} was not stored:`, (error as Error).message);
    }
  }

  async remove(connectorId: string): Promise<void> {
    const pending = this._pending.get(connectorId);
    if (pending) {
      clearTimeout(pending.timer);
      this._pending.delete(connectorId);
    }
    try {
      await deleteSecret(nameOfId(connectorId));
    } catch (error) {
      if (!isNotFound(error)) {
        throw error;
      }
    }
  }

  async list(namespace?: string): Promise<IManagedSecretsList> {
    const prefix = namespacePrefix(namespace ?? '');
    const names = (await listSecrets()).secrets.map(s => s.name).filter(n => n.startsWith(prefix));
    const ids: string[] = [];
    const values: IManagedSecret[] = [];
    for (const name of names) {
      const connectorId = idOfName(name);
      if (connectorId !== null) {
        ids.push(connectorId);
        values.push({ ...split(connectorId), value: await reveal(name) });
      }
    }
    return { ids, values };
  }

  private _pending = new Map<string, { value: string; timer: ReturnType<typeof setTimeout> }>();
}
