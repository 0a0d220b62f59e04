/** Output data the server's walker scans; images and other binary data it never reads. */
export function isScannedMime(mime: string): boolean {
  return (
    mime.startsWith('text/') ||
    mime === 'application/json' ||
    mime.endsWith('+json') ||
    mime === 'application/javascript' ||
    mime === 'image/svg+xml' ||
    mime.startsWith('application/vnd.jupyter.std')
  );
}
