import {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import {
  EditorExtensionRegistry,
  IEditorExtensionRegistry
} from '@jupyterlab/codemirror';
import { INotebookTracker } from '@jupyterlab/notebook';
import { IRenderMimeRegistry } from '@jupyterlab/rendermime';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';

import { maskingExtension } from '../editor/masking';
import { maskRenderers } from '../output/masking';
import { ISecretsServer } from '../tokens';

export const EDITOR_MASKING_PLUGIN_ID = 'jupyter-secrets:editor-masking';
export const OUTPUT_MASKING_PLUGIN_ID = 'jupyter-secrets:output-masking';

/** Detected keys in every CodeMirror editor (cells, files, consoles) shown masked. */
export const editorMaskingPlugin: JupyterFrontEndPlugin<void> = {
  id: EDITOR_MASKING_PLUGIN_ID,
  description: 'Shows detected keys in editors masked until they are clicked.',
  autoStart: true,
  requires: [ISecretsServer, IEditorExtensionRegistry],
  optional: [ITranslator],
  activate: (
    _app: JupyterFrontEnd,
    server: ISecretsServer,
    registry: IEditorExtensionRegistry,
    translator: ITranslator | null
  ): void => {
    const trans = (translator ?? nullTranslator).load('jupyter_secrets');
    const extension = maskingExtension(server.spans, {
      // %1 is filled in per key, with its rule
      hidden: trans.__('Hidden secret (%1): click to show it. Copy keeps the real text.', '%1')
    });
    registry.addExtension({
      name: 'jupyter-secrets:masking',
      factory: () => EditorExtensionRegistry.createImmutableExtension(extension)
    });
  }
};

/** Outputs that still hold a detected key are shown masked. */
export const outputMaskingPlugin: JupyterFrontEndPlugin<void> = {
  id: OUTPUT_MASKING_PLUGIN_ID,
  description: 'Masks detected keys in rendered outputs before they are displayed.',
  autoStart: true,
  requires: [ISecretsServer, IRenderMimeRegistry],
  optional: [INotebookTracker],
  activate: (
    _app: JupyterFrontEnd,
    server: ISecretsServer,
    rendermime: IRenderMimeRegistry,
    notebooks: INotebookTracker | null
  ): void => {
    maskRenderers(rendermime, server.spans);
    // a notebook renders with its own copy of the registry, which may hold renderers that
    // other extensions added after this plugin started
    notebooks?.widgetAdded.connect((_, panel) => {
      maskRenderers(panel.content.rendermime, server.spans);
    });
  }
};
