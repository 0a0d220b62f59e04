/**
 * Galata in Debian's Chromium: Playwright cannot download its own browsers or ffmpeg here, so it
 * uses /usr/bin/chromium with video and traces off.
 */
const base = require('@jupyterlab/galata/lib/playwright-config');

// Galata expects 8888; UI_TESTS_PORT moves it when that port is taken on a shared machine.
const port = process.env.UI_TESTS_PORT || '8888';
const baseURL = `http://localhost:${port}`;

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
  webServer: {
    command: 'jupyter lab --config jupyter_server_test_config.py',
    url: `${baseURL}/lab`,
    timeout: 120000,
    // Reusing whatever answers on the port could test someone else's server: opt in only.
    reuseExistingServer: Boolean(process.env.UI_TESTS_REUSE_SERVER)
  }
};
