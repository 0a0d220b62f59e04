import { LabIcon } from '@jupyterlab/ui-components';

import keySvgstr from '../style/icons/key.svg';

export const keyIcon = new LabIcon({
  name: 'jupyter-secrets:key',
  svgstr: keySvgstr
});
