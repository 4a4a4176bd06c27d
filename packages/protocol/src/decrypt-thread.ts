import { createPrivateKey } from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';
import { decryptRequest } from './decrypt-request.js';
import { isProtocolError } from './protocol-error.js';
import { THREAD_READY } from './start-thread.js';
import type { DecryptJob, DecryptKeysMessage, DecryptReply, DecryptThreadData } from './request-decryptor.js';

// Entry of a crypto thread started by createRequestDecryptor: imports its own copy of the private
// keys, then decrypts one request body per message and answers with the payload or the error code.
// Nothing a request carries may end the thread: every job is answered, even when its reply cannot be sent.
const port = parentPort;
if (port === null) throw new Error('decrypt-thread runs as a worker thread');
// Boundary: the parent passes the data it built itself.
const data = workerData as DecryptThreadData;
const importKeys = (ders: readonly Uint8Array[]) => ders.map((der) => createPrivateKey({ key: Buffer.from(der), format: 'der', type: 'pkcs8' }));
let keys = importKeys(data.keys);

port.on('message', (message: DecryptJob | DecryptKeysMessage) => {
  // A key rotation: the jobs that follow use the new set (messages arrive in the order they were posted).
  if ('keys' in message) {
    try {
      keys = importKeys(message.keys);
    } catch {
      // The parent exported these keys itself; an unreadable set leaves the one in force.
    }
    return;
  }
  const job = message;
  let reply: DecryptReply;
  try {
    const { payload, aesKey, iv } = decryptRequest(Buffer.from(job.body.buffer, job.body.byteOffset, job.body.byteLength), keys, data.options);
    reply = { id: job.id, ok: true, payload, aesKey, iv };
  } catch (error) {
    reply = isProtocolError(error)
      ? { id: job.id, ok: false, code: error.code, message: error.message }
      : { id: job.id, ok: false, code: 'ERR_ENVELOPE_DECRYPT', message: 'request cannot be decrypted' };
  }
  try {
    port.postMessage(reply);
  } catch {
    // Structured cloning recurses: a payload too deep (beyond the depth limit) or too large to clone
    // fails here. That request gets a 400; the thread and the requests it holds carry on.
    port.postMessage({ id: job.id, ok: false, code: 'ERR_PAYLOAD_MALFORMED', message: 'the decrypted payload cannot be passed on' } satisfies DecryptReply);
  }
});
port.postMessage(THREAD_READY);
