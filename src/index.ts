import {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';

import { SpanFinder } from './api/spans';
import { connectorPlugin } from './connector/plugin';
import { editorMaskingPlugin, outputMaskingPlugin } from './plugins/masking';
import { panelPlugin } from './plugins/panel';
import { requestAPI } from './request';
import { ISecretsServer, IServerInfo, PLUGIN_ID } from './tokens';

export * from './tokens';
export { requestAPI, ServerExtensionMissingError } from './request';
export { keyIcon } from './icons';
export { SpanFinder } from './api/spans';

class SecretsServer implements ISecretsServer {
  readonly ready: Promise<IServerInfo | null>;
  readonly spans = new SpanFinder();
  problem: string | null = null;

  constructor() {
    this.ready = this._handshake();
  }

  private async _handshake(): Promise<IServerInfo | null> {
    try {
      const info = await requestAPI<IServerInfo>('version');
      console.debug(`jupyter-secrets: server extension ${info.version}`);
      return info;
    } catch (error) {
      this.problem = (error as Error).message;
      console.error(`jupyter-secrets: ${this.problem}`);
      return null;
    }
  }
}

const plugin: JupyterFrontEndPlugin<ISecretsServer> = {
  id: PLUGIN_ID,
  description: 'Keeps plaintext secrets out of notebooks.',
  autoStart: true,
  provides: ISecretsServer,
  // The handshake runs in the background so a missing server extension never blocks startup.
  activate: (_app: JupyterFrontEnd): ISecretsServer => new SecretsServer()
};

export default [
  plugin,
  panelPlugin,
  editorMaskingPlugin,
  outputMaskingPlugin,
  connectorPlugin
];
