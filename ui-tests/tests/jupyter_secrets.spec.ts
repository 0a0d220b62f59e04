import { expect, test } from '@jupyterlab/galata';

const PLUGIN_ID = 'jupyter-secrets:plugin';
const MISSING = 'the jupyter-secrets server extension is not installed or not enabled';

test.describe('jupyter-secrets in JupyterLab', () => {
  test('loads the plugin and completes the server handshake', async ({ page }) => {
    const consoleErrors: string[] = [];
    page.on('console', message => {
      if (message.type() === 'error') {
        consoleErrors.push(message.text());
      }
    });

    // When JupyterLab loads, the plugin asks the server for its version
    const [versionResponse] = await Promise.all([
      page.waitForResponse(response => response.url().includes('/jupyter-secrets/version')),
      page.reload({ waitUntil: 'load' })
    ]);
    await page.waitForSelector('#jupyterlab-splash', { state: 'detached' });

    // Then the server extension answers with its version
    expect(versionResponse.status()).toBe(200);
    const answer = await versionResponse.json();
    expect(answer.version).toMatch(/^\d+\.\d+\.\d+/);

    // And the plugin is registered and active
    const plugin = await page.evaluate((id: string) => {
      const app = (window as any).jupyterapp;
      return { known: app.hasPlugin(id), active: app.isPluginActivated(id) };
    }, PLUGIN_ID);
    expect(plugin).toEqual({ known: true, active: true });

    // And the handshake reported no missing server extension
    expect(consoleErrors.filter(text => text.includes(MISSING))).toEqual([]);
  });
});
