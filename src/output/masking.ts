import { MimeModel, IRenderMimeRegistry } from '@jupyterlab/rendermime';
import { IRenderMime } from '@jupyterlab/rendermime-interfaces';

import { SpanFinder } from '../api/spans';
import { maskedText } from '../editor/masking';
import { mapStrings, replaceSpans } from '../fixes/outputs';
import { isScannedMime } from '../mime';

const WRAPPED = Symbol('jupyter-secrets-masked');

type MaskedFactory = IRenderMime.IRendererFactory & { [WRAPPED]?: true };

/** The data of a mime model with every detected key masked; the same object if none. */
export async function maskData(
  data: IRenderMime.IMimeModel['data'],
  finder: SpanFinder
): Promise<IRenderMime.IMimeModel['data']> {
  let changed = false;
  const masked: Record<string, unknown> = { ...data };
  for (const mime of Object.keys(data).filter(isScannedMime)) {
    const value = await mapStrings(data[mime], async text => {
      const spans = await finder.find(text);
      return spans.length
        ? replaceSpans(text, spans, (span, key) => maskedText(key, span))
        : text;
    });
    if (value !== data[mime]) {
      masked[mime] = value;
      changed = true;
    }
  }
  return changed ? (masked as IRenderMime.IMimeModel['data']) : data;
}

async function maskedModel(
  model: IRenderMime.IMimeModel,
  finder: SpanFinder
): Promise<IRenderMime.IMimeModel> {
  let data: IRenderMime.IMimeModel['data'];
  try {
    data = await maskData(model.data, finder);
  } catch (error) {
    // The kernel's own redaction is the first line; without the server this one cannot work.
    console.warn('jupyter-secrets: outputs cannot be checked for keys:', (error as Error).message);
    return model;
  }
  if (data === model.data) {
    return model;
  }
  return new MimeModel({ data, metadata: model.metadata, trusted: model.trusted });
}

function wrap(factory: IRenderMime.IRendererFactory, finder: SpanFinder): MaskedFactory {
  return {
    safe: factory.safe,
    mimeTypes: factory.mimeTypes,
    defaultRank: factory.defaultRank,
    createRenderer(options: IRenderMime.IRendererOptions): IRenderMime.IRenderer {
      const renderer = factory.createRenderer(options);
      const render = renderer.renderModel.bind(renderer);
      renderer.renderModel = async model => render(await maskedModel(model, finder));
      return renderer;
    },
    [WRAPPED]: true
  };
}

/**
 * Makes every text renderer of `registry` mask detected keys before it displays them (outputs
 * of a kernel without the extension, or of a key the kernel did not know). Returns how many
 * factories it wrapped; factories wrapped already are left alone.
 */
export function maskRenderers(registry: IRenderMimeRegistry, finder: SpanFinder): number {
  const factories = new Set<IRenderMime.IRendererFactory>();
  for (const mime of registry.mimeTypes) {
    const factory = registry.getFactory(mime) as MaskedFactory | undefined;
    if (factory && !factory[WRAPPED] && factory.mimeTypes.some(isScannedMime)) {
      factories.add(factory);
    }
  }
  for (const factory of factories) {
    const rank = registry.getRank(factory.mimeTypes[0]);
    registry.addFactory(wrap(factory, finder), rank);
  }
  return factories.size;
}
