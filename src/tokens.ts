import { Token } from '@lumino/coreutils';

import type { SpanFinder } from './api/spans';

/** The id of the main plugin; other plugins and the UI tests look for it. */
export const PLUGIN_ID = 'jupyter-secrets:plugin';

/** The REST namespace of the server extension: every endpoint lives under it. */
export const API_NAMESPACE = 'jupyter-secrets';

/** What the server extension says about itself at GET /jupyter-secrets/version. */
export interface IServerInfo {
  version: string;
}

/** The connection to the jupyter-secrets server extension. */
export interface ISecretsServer {
  /**
   * Resolves with the server's info once the handshake is done, or with null when the server
   * extension is missing or unreachable (the reason is in `problem`).
   */
  readonly ready: Promise<IServerInfo | null>;
  /** Why the handshake failed, for a panel to show; null while pending or on success. */
  readonly problem: string | null;
  /** Where keys sit in texts, by the server's rules (shared by editors, outputs and fixes). */
  readonly spans: SpanFinder;
}

export const ISecretsServer = new Token<ISecretsServer>(
  'jupyter-secrets:ISecretsServer',
  'The handshake with the jupyter-secrets server extension.'
);
