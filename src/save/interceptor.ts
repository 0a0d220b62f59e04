import { Contents, ServerConnection } from '@jupyterlab/services';
import { DisposableDelegate, IDisposable } from '@lumino/disposable';

import { ISaveReport } from '../api/types';

/** The status of a save the guard refused because it holds a plaintext secret. */
export const REFUSED_STATUS = 422;

/**
 * Thrown in place of the server's refusal. Its name is the one JupyterLab gives a save the user
 * cancelled, so JupyterLab shows no "File Save Error" of its own: ours shows the findings.
 */
export class SaveRefusedError extends Error {
  constructor(path: string) {
    super(`${path} was not saved: it holds plaintext secrets`);
    this.name = 'ModalCancelError';
  }
}

export interface ISaveListener {
  /** A save of `path` was refused; the findings come from the guard's notices. */
  refused(path: string): void;
  /** A save of `path` went through and the guard reported what it did. */
  saved(path: string, report: ISaveReport): void;
}

export function isRefusal(error: unknown): boolean {
  return (
    error instanceof ServerConnection.ResponseError &&
    error.response.status === REFUSED_STATUS
  );
}

function reportOf(model: unknown): ISaveReport | null {
  const report = (model as { jupyter_secrets?: ISaveReport } | null)?.jupyter_secrets;
  return report && Array.isArray(report.stripped) ? report : null;
}

/**
 * Wraps `contents.save`, the call every document save of JupyterLab goes through (without
 * real-time collaboration; with it, saves happen in the server's room and the guard's events
 * tell the rest). Returns what undoes the wrapping.
 */
export function interceptSaves(
  contents: Contents.IManager,
  listener: ISaveListener
): IDisposable {
  const original = contents.save;
  const save = async (
    path: string,
    options?: Partial<Contents.IModel>
  ): Promise<Contents.IModel> => {
    let model: Contents.IModel;
    try {
      model = await original.call(contents, path, options);
    } catch (error) {
      if (isRefusal(error)) {
        const local = contents.localPath(path);
        listener.refused(local);
        throw new SaveRefusedError(local);
      }
      throw error;
    }
    const report = reportOf(model);
    if (report) {
      listener.saved(contents.localPath(path), report);
    }
    return model;
  };
  contents.save = save;
  return new DisposableDelegate(() => {
    if (contents.save === save) {
      contents.save = original;
    }
  });
}
