/**
 * A short, stable hash of a source text (two 32-bit FNV-1a lanes with different offsets, 16 hex
 * digits). It only has to tell an edited text from the one a translation was made from, not resist attack.
 */
export function hashSourceText(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  return hex(a) + hex(b ^ text.length);
}

function hex(value: number): string {
  return (value >>> 0).toString(16).padStart(8, '0');
}
