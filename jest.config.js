const jestJupyterLab = require('@jupyterlab/testutils/lib/jest-config');

// JupyterLab and its dependencies ship ES modules, which jest must transform.
const esModules = [
  '@codemirror',
  '@jupyter/ydoc',
  '@jupyter/react-components',
  '@jupyter/web-components',
  '@microsoft/fast',
  '@jupyterlab/',
  'exenv-es6',
  'lib0',
  'nanoid',
  'vscode-ws-jsonrpc',
  'y-protocols',
  'y-websocket',
  'yjs'
].join('|');

const baseConfig = jestJupyterLab(__dirname);

module.exports = {
  ...baseConfig,
  automock: false,
  reporters: ['default'],
  collectCoverageFrom: ['src/**/*.{ts,tsx}', '!src/**/*.d.ts'],
  // The built extension, the UI tests and the test environments under build/ carry
  // package.json files of their own.
  modulePathIgnorePatterns: [
    '<rootDir>/jupyter_secrets/labextension',
    '<rootDir>/ui-tests',
    '<rootDir>/build'
  ],
  testRegex: 'src/__tests__/.*\\.spec\\.tsx?$',
  transformIgnorePatterns: [`/node_modules/(?!${esModules}).+`]
};
