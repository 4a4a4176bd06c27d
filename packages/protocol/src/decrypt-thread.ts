import { createPrivateKey } from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';
import { decryptRequest } from './decrypt-request.js';
import { isProtocolError } from './protocol-error.js';
import type { DecryptJob, DecryptReply, DecryptThreadData } from './request-decryptor.js';

// Entry of a crypto thread started by createRequestDecryptor: imports its own copy of the private
// keys, then decrypts one request body per message and answers with the payload or the error code.
const port = parentPort;
if (port === null) throw new Error('decrypt-thread runs as a worker thread');
// Boundary: the parent passes the data it built itself.
const data = workerData as DecryptThreadData;
const keys = data.keys.map((der) => createPrivateKey({ key: Buffer.from(der), format: 'der', type: 'pkcs8' }));
const options = data.maxFlowDataBytes === undefined ? {} : { maxFlowDataBytes: data.maxFlowDataBytes };

port.on('message', (job: DecryptJob) => {
  let reply: DecryptReply;
  try {
    const { payload, aesKey, iv } = decryptRequest(Buffer.from(job.body.buffer, job.body.byteOffset, job.body.byteLength), keys, options);
    reply = { id: job.id, ok: true, payload, aesKey, iv };
  } catch (error) {
    reply = isProtocolError(error)
      ? { id: job.id, ok: false, code: error.code, message: error.message }
      : { id: job.id, ok: false, code: 'ERR_ENVELOPE_DECRYPT', message: 'request cannot be decrypted' };
  }
  port.postMessage(reply);
});
port.postMessage('ready');
