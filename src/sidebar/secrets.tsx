import { TranslationBundle } from '@jupyterlab/translation';
import { Button } from '@jupyterlab/ui-components';
import * as React from 'react';

import { addSecret } from '../api/client';
import { ISecretEntry } from '../api/types';
import { SecretRow } from './secretRow';

export interface IAddSecretProps {
  notebook: string | null;
  trans: TranslationBundle;
  added(name: string): void;
}

type Message = { text: string; error: boolean } | null;

function storedMessage(name: string, version: string | null, target: string, trans: TranslationBundle): string {
  return target
    ? trans.__('Stored %1 (version %2), granted to %3', name, version ?? '-', target)
    : trans.__('Stored %1 (version %2)', name, version ?? '-');
}

/**
 * Name and value of a new secret. The value sits in a password field, goes to the server once,
 * and the field is emptied once the server stored it (kept when it refused, so nothing typed
 * is lost).
 */
export function AddSecretForm({ notebook, trans, added }: IAddSecretProps): JSX.Element {
  const [name, setName] = React.useState('');
  const [value, setValue] = React.useState('');
  const [forNotebook, setForNotebook] = React.useState(true);
  const [busy, setBusy] = React.useState(false);
  const [message, setMessage] = React.useState<Message>(null);

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setBusy(true);
    try {
      const target = forNotebook && notebook ? notebook : '';
      const reply = await addSecret(name.trim(), value, target);
      setValue('');
      setName('');
      setMessage({ text: storedMessage(reply.name, reply.version, target, trans), error: false });
      added(reply.name);
    } catch (error) {
      setMessage({ text: (error as Error).message, error: true });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="jp-secrets-add" onSubmit={submit} aria-label={trans.__('Add a secret')}>
      <input className="jp-mod-styled jp-secrets-add-name" type="text" value={name}
        placeholder={trans.__('Name, e.g. OPENAI_API_KEY')} aria-label={trans.__('Secret name')}
        spellCheck={false} autoComplete="off" onChange={event => setName(event.target.value)} />
      <input className="jp-mod-styled jp-secrets-add-value" type="password" value={value}
        placeholder={trans.__('Value')} aria-label={trans.__('Secret value')}
        autoComplete="new-password" onChange={event => setValue(event.target.value)} />
      <label className="jp-secrets-add-scope">
        <input type="checkbox" checked={forNotebook && notebook !== null} disabled={notebook === null}
          onChange={event => setForNotebook(event.target.checked)} />
        {notebook ? trans.__('Grant to %1', notebook) : trans.__('No notebook open: grant it later')}
      </label>
      <Button type="submit" small disabled={busy || !name.trim() || !value}>
        {trans.__('Add secret')}
      </Button>
      {message && (
        <div className={message.error ? 'jp-secrets-error' : 'jp-secrets-done'} role="status">
          {message.text}
        </div>
      )}
    </form>
  );
}

export interface ISecretsViewProps {
  secrets: readonly ISecretEntry[];
  notebook: string | null;
  trans: TranslationBundle;
  changed(): void;
}

/** The secrets in the store, filterable by name, scope or user, with the add form on top. */
export function SecretsView(props: ISecretsViewProps): JSX.Element {
  const { secrets, notebook, trans, changed } = props;
  const [filter, setFilter] = React.useState('');
  const needle = filter.trim().toLowerCase();
  const shown = needle
    ? secrets.filter(s =>
        [s.name, ...s.scope.map(g => g.target), ...s.used_by, s.rotation?.state ?? '']
          .some(text => text.toLowerCase().includes(needle))
      )
    : secrets;
  return (
    <div className="jp-secrets-secrets">
      <AddSecretForm notebook={notebook} trans={trans} added={changed} />
      <input
        className="jp-mod-styled jp-secrets-filter"
        type="search"
        placeholder={trans.__('Filter by name, notebook or state')}
        aria-label={trans.__('Filter secrets')}
        value={filter}
        onChange={event => setFilter(event.target.value)}
      />
      {shown.length === 0 ? (
        <p className="jp-secrets-empty">
          {secrets.length ? trans.__('No secret matches the filter.') : trans.__('No secrets yet.')}
        </p>
      ) : (
        <ul className="jp-secrets-list" aria-label={trans.__('Secrets')}>
          {shown.map(secret => (
            <SecretRow key={secret.name} secret={secret} notebook={notebook} trans={trans} changed={changed} />
          ))}
        </ul>
      )}
    </div>
  );
}
