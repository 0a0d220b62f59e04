import { Notification } from '@jupyterlab/apputils';
import { Event } from '@jupyterlab/services';
import { TranslationBundle } from '@jupyterlab/translation';
import { IDisposable } from '@lumino/disposable';
import { IStream } from '@lumino/signaling';

import { IGuardNotice } from '../api/types';
import { describeFindings } from './coordinator';

/** The guard's server events (jupyter_secrets/server/events/guard-v1.yaml). */
export const GUARD_SCHEMA = 'https://schema.jupyter.org/jupyter_secrets/guard/v1';

export interface INoticeHandlers {
  /** A save was refused (the only word of it when a collaboration room saved). */
  blocked(path: string, notice: IGuardNotice): void;
  /** A save was written with secrets stripped. */
  stripped(path: string, notice: IGuardNotice): void;
}

/** The notice carried by a server event, or null for events of other schemas. */
export function guardNotice(event: Event.Emission): IGuardNotice | null {
  if (event.schema_id !== GUARD_SCHEMA) {
    return null;
  }
  const data = event as unknown as IGuardNotice;
  if (typeof data.action !== 'string' || typeof data.path !== 'string') {
    return null;
  }
  return { ...data, findings: Array.isArray(data.findings) ? data.findings : [] };
}

/** What the user is told of a guard action that has no dialog of its own. */
export function noticeMessage(notice: IGuardNotice, trans: TranslationBundle): string | null {
  const what = describeFindings(notice.findings, trans);
  switch (notice.action) {
    case 'export-stripped':
      return trans.__('Secrets were removed from the export of %1: %2', notice.path, what);
    case 'download-redacted':
      return trans.__('Secrets were removed from the download of %1: %2', notice.path, what);
    case 'download-refused':
      return trans.__('The download of %1 was refused: %2', notice.path, notice.message || what);
    case 'upload-blocked':
      return trans.__('The upload of %1 was refused: it holds plaintext secrets (%2)', notice.path, what);
    case 'upload-stripped':
      return trans.__('Secrets were stripped from the upload of %1: %2', notice.path, what);
    case 'guard-failed':
      return notice.message || trans.__('%1 could not be checked for secrets', notice.path);
    default:
      return null;
  }
}

/**
 * Listens to the guard's events: refused and stripped saves go to the handlers, exports,
 * downloads and uploads become notifications.
 */
export function listenToGuard(
  stream: IStream<unknown, Event.Emission>,
  handlers: INoticeHandlers,
  trans: TranslationBundle
): IDisposable {
  const onEvent = (_: unknown, event: Event.Emission) => {
    const notice = guardNotice(event);
    if (!notice) {
      return;
    }
    if (notice.action === 'save-blocked') {
      handlers.blocked(notice.path, notice);
      return;
    }
    if (notice.action === 'save-stripped') {
      handlers.stripped(notice.path, notice);
      return;
    }
    const message = noticeMessage(notice, trans);
    if (message) {
      const refused = notice.action.endsWith('-refused') || notice.action === 'guard-failed';
      Notification.emit(message, refused ? 'error' : 'warning', { autoClose: 10000 });
    }
  };
  stream.connect(onEvent);
  let disposed = false;
  return {
    get isDisposed() {
      return disposed;
    },
    dispose() {
      disposed = true;
      stream.disconnect(onEvent);
    }
  };
}
