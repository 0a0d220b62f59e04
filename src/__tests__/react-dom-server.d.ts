// react-dom ships no type declarations in this tree; the tests need only its server renderer.
declare module 'react-dom/server' {
  import { ReactElement } from 'react';
  export function renderToStaticMarkup(element: ReactElement): string;
}
