import { ServerConnection } from '@jupyterlab/services';

import {
  requestAPI,
  SERVER_EXTENSION_MISSING,
  ServerExtensionMissingError
} from '../request';

/** Settings whose transport answers every request with `reply`, recording what was asked. */
function settingsAnswering(reply: () => Response): {
  settings: ServerConnection.ISettings;
  urls: string[];
} {
  const urls: string[] = [];
  const fetch = async (input: RequestInfo | URL): Promise<Response> => {
    urls.push(input instanceof Request ? input.url : String(input));
    return reply();
  };
  const settings = ServerConnection.makeSettings({
    baseUrl: 'http://localhost:8888/lab-base/',
    fetch
  });
  return { settings, urls };
}

describe('requestAPI', () => {
  it('turns a 404 from the catch-all route into "server extension missing"', async () => {
    // Given a server without our routes, which answers its HTML 404 page
    const { settings, urls } = settingsAnswering(
      () =>
        new Response('<html><body>404 : Not Found</body></html>', {
          status: 404,
          headers: { 'Content-Type': 'text/html' }
        })
    );

    // When the frontend asks for the version
    const asking = requestAPI('version', {}, settings);

    // Then it hears how to enable the server extension
    await expect(asking).rejects.toBeInstanceOf(ServerExtensionMissingError);
    await expect(requestAPI('version', {}, settings)).rejects.toThrow(
      'run `jupyter server extension enable jupyter_secrets`'
    );
    expect(new URL(urls[0]).pathname).toBe('/lab-base/jupyter-secrets/version');
  });

  it('keeps a JSON 404 from one of our handlers as a response error', async () => {
    const { settings } = settingsAnswering(
      () =>
        new Response(JSON.stringify({ message: 'no secret named db' }), {
          status: 404,
          headers: { 'Content-Type': 'application/json' }
        })
    );

    const asking = requestAPI('secrets/db', {}, settings);

    await expect(asking).rejects.toBeInstanceOf(ServerConnection.ResponseError);
    await expect(requestAPI('secrets/db', {}, settings)).rejects.not.toThrow(
      SERVER_EXTENSION_MISSING
    );
  });

  it('returns the parsed JSON body of a success', async () => {
    const { settings } = settingsAnswering(
      () =>
        new Response(JSON.stringify({ version: '1.2.3' }), {
          status: 200,
          headers: { 'Content-Type': 'application/json' }
        })
    );

    await expect(requestAPI('version', {}, settings)).resolves.toEqual({
      version: '1.2.3'
    });
  });

  it('reports an unreachable server as a network error', async () => {
    const { settings } = settingsAnswering(() => {
      throw new TypeError('Failed to fetch');
    });

    await expect(requestAPI('version', {}, settings)).rejects.toBeInstanceOf(
      ServerConnection.NetworkError
    );
  });
});
