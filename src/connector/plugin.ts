import {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { ISecretsManager } from 'jupyter-secrets-manager';

import { ServerSecretsConnector } from './connector';

export const CONNECTOR_PLUGIN_ID = 'jupyter-secrets:secrets-manager-connector';

/**
 * Gives jupyter-secrets-manager (when it is installed) a connector backed by the server, so
 * keys that AI extensions ask for land in the configured backend and show in the panel. The
 * manager accepts one connector: its in-memory default is disabled in package.json.
 */
export const connectorPlugin: JupyterFrontEndPlugin<void> = {
  id: CONNECTOR_PLUGIN_ID,
  description: 'Stores the keys of jupyter-secrets-manager in the jupyter-secrets backends.',
  autoStart: true,
  optional: [ISecretsManager],
  activate: (_app: JupyterFrontEnd, manager: ISecretsManager | null): void => {
    if (!manager) {
      console.debug('jupyter-secrets: jupyter-secrets-manager is not installed; no connector set');
      return;
    }
    manager.setConnector(new ServerSecretsConnector());
  }
};
