import { URLExt } from '@jupyterlab/coreutils';
import { ServerConnection } from '@jupyterlab/services';

import { API_NAMESPACE } from './tokens';

export const SERVER_EXTENSION_MISSING =
  'the jupyter-secrets server extension is not installed or not enabled: ' +
  'run `jupyter server extension enable jupyter_secrets`';

/** The route does not exist on the server: the server extension is not loaded. */
export class ServerExtensionMissingError extends Error {
  constructor() {
    super(SERVER_EXTENSION_MISSING);
    this.name = 'ServerExtensionMissingError';
  }
}

/**
 * The one way the frontend talks to the server extension.
 *
 * A 404 without a JSON body comes from the server's catch-all route, which means our routes are
 * not registered; a JSON 404 is a real "not found" from one of our handlers.
 */
export async function requestAPI<T>(
  endPoint: string,
  init: RequestInit = {},
  settings: ServerConnection.ISettings = ServerConnection.makeSettings()
): Promise<T> {
  const url = URLExt.join(settings.baseUrl, API_NAMESPACE, endPoint);
  let response: Response;
  try {
    response = await ServerConnection.makeRequest(url, init, settings);
  } catch (error) {
    throw new ServerConnection.NetworkError(error as TypeError);
  }
  const body = await response.text();
  const data = parseJSON(body);
  if (response.status === 404 && data === undefined) {
    throw new ServerExtensionMissingError();
  }
  if (!response.ok) {
    const message = (data as { message?: string } | undefined)?.message;
    throw new ServerConnection.ResponseError(response, message);
  }
  return data as T;
}

function parseJSON(body: string): unknown {
  if (body.length === 0) {
    return undefined;
  }
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}
