/** The response IV: every request-IV byte inverted (platform spec §1.3 step 3). */
export function flipIv(iv: Buffer): Buffer {
  const flipped = Buffer.allocUnsafe(iv.length);
  for (let i = 0; i < iv.length; i++) flipped[i] = ~(iv[i] ?? 0) & 0xff;
  return flipped;
}
