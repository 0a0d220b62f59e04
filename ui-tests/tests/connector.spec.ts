import { expect, test } from '@jupyterlab/galata';

import { plainValue } from './steps';

const CONNECTOR = 'jupyter-secrets:secrets-manager-connector';
const MANAGER = 'jupyter-secrets-manager:manager';
const IN_MEMORY = 'jupyter-secrets-manager:connector';

test.describe('the jupyter-secrets-manager connector', () => {
  test('loads with and without jupyter-secrets-manager', async ({ page }, testInfo) => {
    const errors: string[] = [];
    page.on('console', message => {
      if (message.type() === 'error') {
        errors.push(message.text());
      }
    });
    await page.reload({ waitUntil: 'load' });
    await page.waitForSelector('#jupyterlab-splash', { state: 'detached' });

    const plugins = await page.evaluate(
      ids => {
        const app = (window as any).jupyterapp;
        return ids.map((id: string) => [app.hasPlugin(id), app.isPluginActivated(id)]);
      },
      [CONNECTOR, MANAGER, IN_MEMORY]
    );

    // our connector is active either way; the manager's own in-memory connector never runs
    expect(plugins[0]).toEqual([true, true]);
    expect(plugins[2][1]).toBe(false);
    const installed = testInfo.project.name === 'classic';
    expect(plugins[1]).toEqual([installed, installed]);
    expect(errors.filter(text => /secrets/i.test(text))).toEqual([]);
  });

  test('keeps the keys of other extensions in the server backend, not in the browser', async ({
    page
  }, testInfo) => {
    test.skip(testInfo.project.name !== 'classic', 'needs jupyter-secrets-manager installed');
    const value = plainValue();

    // Given an extension that signs in to the manager, as AI assistants do
    const stored = await page.evaluate(async value => {
      const lab = (window as any)._JUPYTERLAB['jupyter-secrets-manager'];
      const { SecretsManager, ISecretsManager } = (await lab.get('./index'))();
      const id = 'ui-test:assistant';
      const plugin = SecretsManager.sign(id, (token: symbol) => ({
        id,
        requires: [ISecretsManager],
        activate: (_: unknown, manager: any) => ((window as any).signed = { manager, token })
      }));
      const app = (window as any).jupyterapp;
      app.registerPlugin(plugin);
      await app.activatePlugin(id);
      const { manager, token } = (window as any).signed;

      // When it stores a key, as its settings field would
      await manager.set(token, id, 'OpenAI', { namespace: id, id: 'OpenAI', value });
      await new Promise(resolve => setTimeout(resolve, 1500));

      // Then it reads it back through the connector
      const back = await manager.get(token, id, 'OpenAI');
      const input = document.createElement('input');
      await manager.attach(token, id, 'OpenAI', input);
      return { back: back?.value === value, attached: input.value === value, storage: JSON.stringify(localStorage) };
    }, value);

    expect(stored.back).toBe(true);
    expect(stored.attached).toBe(true);
    expect(stored.storage).not.toContain(value);

    // And the key is in the server's store, listed by name, and every read was audited
    const list = await (await page.request.get('/jupyter-secrets/secrets')).json();
    expect(list.secrets.map((s: any) => s.name)).toContain('ext.ui-test.assistant.OpenAI');
    const audit = await (
      await page.request.get('/jupyter-secrets/audit?secret=ext.ui-test.assistant.OpenAI&action=reveal')
    ).json();
    expect(audit.events.length).toBeGreaterThanOrEqual(2);
  });
});
