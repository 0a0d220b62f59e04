import { ServerConnection } from '@jupyterlab/services';

import { ServerSecretsConnector } from '../connector/connector';
import { idOfName, nameOfId, namespacePrefix } from '../connector/naming';
import { requestAPI } from '../request';

jest.mock('../request', () => ({ requestAPI: jest.fn() }));
const request = requestAPI as jest.MockedFunction<typeof requestAPI>;

const NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_.-]{0,127}$/;

function notFound(): ServerConnection.ResponseError {
  return new ServerConnection.ResponseError(new Response('{}', { status: 404 }), 'no secret');
}

beforeEach(() => request.mockReset());

describe('names of the secrets manager ids', () => {
  it.each([
    '@jupyterlite/ai:providers:OpenAI',
    'my-ext:api_key',
    'ns.with.dots:id',
    'ünïcödé:🔑',
    'a:b_5F'
  ])('%s becomes a valid store name and comes back', id => {
    const name = nameOfId(id);

    expect(name).toMatch(NAME_PATTERN);
    expect(idOfName(name)).toBe(id);
  });

  it('keeps readable ids readable and tells namespaces apart', () => {
    expect(nameOfId('@jupyterlite/ai:OpenAI')).toBe('ext._40jupyterlite_2Fai.OpenAI');
    expect(nameOfId('a_b:c')).not.toBe(nameOfId('a.b:c'));
    expect(namespacePrefix('@jupyterlite/ai')).toBe('ext._40jupyterlite_2Fai.');
  });

  it('reads no id from names it did not make', () => {
    expect(idOfName('OPENAI_API_KEY')).toBeNull();
    expect(idOfName('ext.bad_Z9')).toBeNull();
  });
});

describe('ServerSecretsConnector', () => {
  it('writes once when the typing stops, not once per keystroke', async () => {
    request.mockResolvedValue({ name: 'x', version: '1', scope: [] } as any);
    const connector = new ServerSecretsConnector(5);

    for (const value of ['s', 'sk', 'sk-1']) {
      await connector.save('ai:OpenAI', { namespace: 'ai', id: 'OpenAI', value });
    }
    // a fetch before the write answers the value being typed, without a reveal
    await expect(connector.fetch('ai:OpenAI')).resolves.toEqual({ namespace: 'ai', id: 'OpenAI', value: 'sk-1' });
    await new Promise(resolve => setTimeout(resolve, 30));

    expect(request).toHaveBeenCalledTimes(1);
    expect(request.mock.calls[0][0]).toBe('secrets');
    expect(JSON.parse(String(request.mock.calls[0][1]?.body))).toEqual({
      name: 'ext.ai.OpenAI',
      value: 'sk-1',
      notebook: ''
    });
  });

  it('fetches by an audited reveal, and answers undefined for an unknown id', async () => {
    request.mockResolvedValueOnce({ name: 'ext.ai.OpenAI', value: 'v' } as any);
    request.mockRejectedValueOnce(notFound());
    const connector = new ServerSecretsConnector();

    await expect(connector.fetch('ai:OpenAI')).resolves.toEqual({ namespace: 'ai', id: 'OpenAI', value: 'v' });
    await expect(connector.fetch('ai:Other')).resolves.toBeUndefined();
    expect(request.mock.calls[0][0]).toBe('secrets/ext.ai.OpenAI/reveal');
  });

  it('lists the secrets of one namespace only', async () => {
    request.mockImplementation(async endpoint => {
      if (endpoint === 'secrets') {
        return { env: 'dev', secrets: [{ name: 'ext.ai.A' }, { name: 'ext.other.B' }, { name: 'PLAIN' }] } as any;
      }
      return { value: 'value-of-' + endpoint } as any;
    });

    const listed = await new ServerSecretsConnector().list('ai');

    expect(listed.ids).toEqual(['ai:A']);
    expect(listed.values).toEqual([{ namespace: 'ai', id: 'A', value: 'value-of-secrets/ext.ai.A/reveal' }]);
  });

  it('removes quietly what is not there, and never stores an emptied field', async () => {
    request.mockRejectedValue(notFound());
    const connector = new ServerSecretsConnector(1);

    await connector.remove('ai:Gone');
    await connector.save('ai:X', { namespace: 'ai', id: 'X', value: '' });
    await new Promise(resolve => setTimeout(resolve, 10));

    expect(request.mock.calls.map(call => call[1]?.method)).toEqual(['DELETE']);
  });
});
