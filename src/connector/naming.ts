/**
 * Secret names for the ids of the jupyter-secrets-manager extension (`namespace:id`, e.g.
 * `@jupyterlite/ai:providers:OpenAI`). Store names allow letters, digits, `_`, `.` and `-`:
 * `:` becomes `.`, and every other character `_XX` (its UTF-8 bytes in hex), so the mapping can
 * be read back and two ids never share a name.
 */

/** Every name made from a manager id starts with this. */
export const PREFIX = 'ext.';

const KEPT = /[A-Za-z0-9-]/;

function encodePart(text: string): string {
  let out = '';
  for (const ch of text) {
    if (KEPT.test(ch)) {
      out += ch;
    } else if (ch === ':') {
      out += '.';
    } else {
      for (const byte of new TextEncoder().encode(ch)) {
        out += '_' + byte.toString(16).toUpperCase().padStart(2, '0');
      }
    }
  }
  return out;
}

/** The store name of a manager id. */
export function nameOfId(id: string): string {
  return PREFIX + encodePart(id);
}

/** The manager id of a store name, or null if the name was not made by `nameOfId`. */
export function idOfName(name: string): string | null {
  if (!name.startsWith(PREFIX)) {
    return null;
  }
  const bytes: number[] = [];
  const body = name.slice(PREFIX.length);
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch === '_') {
      const hex = body.slice(i + 1, i + 3);
      if (!/^[0-9A-F]{2}$/.test(hex)) {
        return null;
      }
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...new TextEncoder().encode(ch === '.' ? ':' : ch));
    }
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(new Uint8Array(bytes));
  } catch {
    return null;
  }
}

/** Store names of the secrets of one manager namespace start with this. */
export function namespacePrefix(namespace: string): string {
  return nameOfId(namespace) + '.';
}
