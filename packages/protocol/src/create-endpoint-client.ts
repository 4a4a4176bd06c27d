import { readFile } from 'node:fs/promises';
import type { EndpointClient } from '@flowline/core';
import { decryptResponse } from './decrypt-response.js';
import { encryptRequest } from './encrypt-request.js';
import { signBody } from './sign-body.js';
import { simulationKey } from './simulation-key.js';

/**
 * Where the business public key comes from, read before every request (so a 421 retry uses a new key,
 * as the client re-fetches it): a PEM file, or the key the host holds.
 */
export type EndpointPublicKey = { readonly publicKeyPath: string } | { readonly publicKeyPem: () => string };

/** How to reach the endpoint: URL, the business public key, signing. */
export type EndpointClientOptions = EndpointPublicKey & {
  readonly url: string;
  /** App secret for `X-Hub-Signature-256`; unsigned when absent. */
  readonly appSecret?: string;
  readonly fetch: typeof fetch;
  /** Request timeout; Meta's is 10 s (platform spec §1.1). */
  readonly timeoutMs?: number;
  /** Base delay of the 421 retries (the client waits 500 ms × attempt). */
  readonly retryDelayMs?: number;
  /** Source of the AES key and IV (16 bytes each); tests inject a vector's values. Default: crypto randomBytes. */
  readonly random?: (size: number) => Buffer;
};

const MAX_ATTEMPTS = 3;

function errorMessageOf(value: unknown): string | undefined {
  if (typeof value === 'object' && value !== null && 'error_msg' in value && typeof value.error_msg === 'string') return value.error_msg;
  return undefined;
}

/** Reads a 427 body: Meta's example encrypts it like a response, the docs show plain JSON (spec §1.6); accept both. */
function readTokenErrorBody(body: string, aesKey: Buffer, iv: Buffer): string {
  try {
    const message = errorMessageOf(decryptResponse(body, aesKey, iv));
    if (message !== undefined) return message;
  } catch {
    // Not encrypted: fall through to plain JSON.
  }
  try {
    return errorMessageOf(JSON.parse(body)) ?? 'flow token is no longer valid';
  } catch {
    return 'flow token is no longer valid';
  }
}

const sleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));

/**
 * Creates a client for one data endpoint (platform spec §1.3–1.7): encrypts each request with a fresh
 * AES key under the business public key, signs the body when an app secret is given, marks it as a
 * simulation (`x-flowline-preview`, protocol's simulationKey; other endpoints ignore it), decrypts 200
 * responses, retries 421 with a re-read key, and reports 427 / 432 / other statuses as errors.
 */
export function createEndpointClient(options: EndpointClientOptions): EndpointClient {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const retryDelayMs = options.retryDelayMs ?? 500;
  const keyName = 'publicKeyPath' in options ? options.publicKeyPath : '(the endpoint\'s public key)';
  return async (payload) => {
    for (let attempt = 1; ; attempt++) {
      let publicKey: string;
      try {
        publicKey = 'publicKeyPath' in options ? await readFile(options.publicKeyPath, 'utf8') : options.publicKeyPem();
      } catch {
        return { kind: 'error', status: 421, message: `cannot read the business public key ${keyName}` };
      }
      let encrypted: ReturnType<typeof encryptRequest>;
      try {
        encrypted = encryptRequest(payload, publicKey, options.random === undefined ? {} : { random: options.random });
      } catch (error) {
        return { kind: 'error', status: 421, message: `cannot encrypt with ${keyName}: ${error instanceof Error ? error.message : String(error)}` };
      }
      const body = JSON.stringify(encrypted.envelope);
      // A simulation: a Flowline server answers it with its real handlers but without lasting effects.
      const headers: Record<string, string> = { 'content-type': 'application/json', 'x-flowline-preview': simulationKey(options.appSecret) };
      if (options.appSecret !== undefined) {
        headers['x-hub-signature-256'] = signBody(body, options.appSecret);
      }
      let response: Response;
      let text: string;
      try {
        response = await options.fetch(options.url, { method: 'POST', headers, body, signal: AbortSignal.timeout(timeoutMs) });
        text = await response.text();
      } catch (error) {
        const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
        return { kind: 'error', status: 'timeout', message: timedOut ? `no answer within ${timeoutMs} ms` : `no HTTP response (${error instanceof Error ? error.message : String(error)})` };
      }
      if (response.status === 421 && attempt < MAX_ATTEMPTS) {
        await sleep(retryDelayMs * attempt);
        continue;
      }
      if (response.status === 421) return { kind: 'error', status: 421, message: `the endpoint could not decrypt the request (421 after ${attempt} attempts)` };
      if (response.status === 427) return { kind: 'error', status: 427, message: readTokenErrorBody(text, encrypted.aesKey, encrypted.iv) };
      if (response.status === 432) return { kind: 'error', status: 432, message: 'the endpoint rejected the request signature (432)' };
      if (response.status !== 200) return { kind: 'error', status: response.status, message: `unexpected HTTP status ${response.status}` };
      try {
        return { kind: 'response', status: 200, response: decryptResponse(text, encrypted.aesKey, encrypted.iv) };
      } catch (error) {
        return { kind: 'error', status: 200, message: `the response could not be decrypted (${error instanceof Error ? error.message : String(error)})` };
      }
    }
  };
}
