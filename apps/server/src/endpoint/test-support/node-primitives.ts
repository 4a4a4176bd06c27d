// Child of node-versions.bench.ts: the data endpoint's primitive costs on the Node running it, per CPU
// second of this process (less sensitive to other load than wall time). Prints one JSON line.
import { constants, createCipheriv, generateKeyPairSync, privateDecrypt, publicEncrypt, randomBytes } from 'node:crypto';

const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const wrapped = publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, randomBytes(16));
const aesKey = randomBytes(16);
const iv = randomBytes(12);
const block = Buffer.alloc(4096, 7);
const payload = JSON.stringify({ version: '3.0', action: 'data_exchange', screen: 'DETAILS', flow_token: 'x'.repeat(32), data: Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`field_${i}`, `value number ${i}`])) });

function perCpuSecond(count: number, work: () => unknown): number {
  const before = process.cpuUsage();
  for (let i = 0; i < count; i++) work();
  const used = process.cpuUsage(before);
  return count / ((used.user + used.system) / 1e6);
}

const result = {
  node: process.version,
  openssl: process.versions.openssl,
  rsa: perCpuSecond(800, () => privateDecrypt({ key: privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, wrapped)),
  aes: perCpuSecond(40_000, () => {
    const cipher = createCipheriv('aes-128-gcm', aesKey, iv);
    cipher.update(block);
    cipher.final();
    cipher.getAuthTag();
  }),
  json: perCpuSecond(40_000, () => JSON.stringify(JSON.parse(payload))),
};
process.stdout.write(`${JSON.stringify(result)}\n`);
