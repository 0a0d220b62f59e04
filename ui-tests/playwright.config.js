/**
 * Galata in Debian's Chromium: Playwright cannot download its own browsers or ffmpeg here, so it
 * uses /usr/bin/chromium with video and traces off.
 *
 * Two servers, two projects: "collaboration" runs every test against JupyterLab as installed
 * (real-time collaboration on, as jupyter-collaboration is a test dependency, and without
 * jupyter-secrets-manager); "classic" runs the save and connector tests with collaboration off
 * (saves go through the contents API) and with the jupyter-secrets-manager extension installed.
 * "notebook7" runs its tests against `jupyter notebook` (Notebook 7), with plain Playwright:
 * Galata's helpers drive JupyterLab only; "notebook7-classic" opens Notebook 7's page on the
 * server without collaboration.
 */
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const base = require('@jupyterlab/galata/lib/playwright-config');

function freePort() {
  const script =
    'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])';
  return execFileSync(process.env.PYTHON || 'python', ['-c', script]).toString().trim();
}

// Galata expects 8888; UI_TESTS_PORT moves it when that port is taken on a shared machine.
const port = process.env.UI_TESTS_PORT || '8888';
const baseURL = `http://localhost:${port}`;
// set in the environment so that the test workers, which load this file again, agree
process.env.UI_TESTS_CLASSIC_PORT = process.env.UI_TESTS_CLASSIC_PORT || freePort();
const classicPort = process.env.UI_TESTS_CLASSIC_PORT;
const classicURL = `http://localhost:${classicPort}`;
const CLASSIC_TESTS = /(save|connector)\.spec\.ts/;
process.env.UI_TESTS_NOTEBOOK7_PORT = process.env.UI_TESTS_NOTEBOOK7_PORT || freePort();
const notebook7URL = `http://localhost:${process.env.UI_TESTS_NOTEBOOK7_PORT}`;
const NOTEBOOK7_TESTS = /notebook7\.spec\.ts/;
// Notebook 7's page does not tell its server's folder: the tests write their notebooks here
process.env.UI_TESTS_NOTEBOOK7_ROOT =
  process.env.UI_TESTS_NOTEBOOK7_ROOT || fs.mkdtempSync(path.join(os.tmpdir(), 'jupyter-secrets-nb7-'));

// Reusing whatever answers on the port could test someone else's server: opt in only.
const reuseExistingServer = Boolean(process.env.UI_TESTS_REUSE_SERVER);
const python = process.env.PYTHON || 'python';

module.exports = {
  ...base,
  reporter: [['list'], ['html', { open: 'never' }]],
  retries: process.env.CI ? 1 : 0,
  use: {
    ...base.use,
    baseURL,
    video: 'off',
    trace: 'off',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run'
      ]
    }
  },
  projects: [
    { name: 'collaboration', testIgnore: NOTEBOOK7_TESTS, use: { baseURL } },
    { name: 'classic', testMatch: CLASSIC_TESTS, use: { baseURL: classicURL } },
    { name: 'notebook7', testMatch: NOTEBOOK7_TESTS, use: { baseURL: notebook7URL } },
    // the `notebook` server extension serves Notebook 7's pages from the JupyterLab server too
    { name: 'notebook7-classic', testMatch: NOTEBOOK7_TESTS, use: { baseURL: classicURL } }
  ],
  webServer: [
    {
      command: 'jupyter lab --config jupyter_server_test_config.py',
      url: `${baseURL}/lab`,
      timeout: 120000,
      reuseExistingServer
    },
    {
      command:
        `${python} secrets_manager_extension.py && ` +
        'jupyter lab --config jupyter_server_test_config.py --YDocExtension.disable_rtc=True',
      url: `${classicURL}/lab`,
      timeout: 180000,
      reuseExistingServer,
      env: {
        UI_TESTS_PORT: classicPort,
        JUPYTER_PATH: [
          path.resolve(__dirname, '..', 'build', 'secrets-manager-data'),
          process.env.JUPYTER_PATH
        ]
          .filter(Boolean)
          .join(path.delimiter)
      }
    },
    {
      command: 'jupyter notebook --config jupyter_notebook_test_config.py',
      url: `${notebook7URL}/tree`,
      timeout: 120000,
      reuseExistingServer,
      env: {
        UI_TESTS_PORT: process.env.UI_TESTS_NOTEBOOK7_PORT,
        JUPYTERLAB_GALATA_ROOT_DIR: process.env.UI_TESTS_NOTEBOOK7_ROOT
      }
    }
  ]
};
