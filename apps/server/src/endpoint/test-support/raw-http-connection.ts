import { connect, type Socket } from 'node:net';

/** Called once per request with the response status (0 when the connection failed or closed first). */
export type ResponseCallback = (status: number) => void;

/**
 * One keep-alive HTTP/1.1 connection of a load generator: it writes a prebuilt request (headers and
 * body in one buffer) and reads just enough of the response to know its status and where it ends.
 * No pipelining: one request at a time. Far lighter than `http.request` per request, so the
 * generator leaves the CPU to the server under test.
 */
export interface RawHttpConnection {
  send(request: Buffer, done: ResponseCallback): void;
  /** False once the peer closed the connection or an error occurred. */
  readonly open: boolean;
  close(): void;
}

const HEADER_END = Buffer.from('\r\n\r\n');
const CHUNKED_END = Buffer.from('0\r\n\r\n');

/** Builds the bytes of a POST request with a JSON body (and any extra headers), ready for RawHttpConnection.send. */
export function toRawPostRequest(host: string, path: string, body: string | Buffer, headers: Readonly<Record<string, string>> = {}): Buffer {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  const extra = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`).join('');
  const head = `POST ${path} HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\nContent-Length: ${bytes.length}\r\n${extra}\r\n`;
  return Buffer.concat([Buffer.from(head, 'latin1'), bytes]);
}

/** Opens a connection to a loopback (or any) HTTP server. */
export function openRawHttpConnection(port: number, host = '127.0.0.1'): Promise<RawHttpConnection> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host, noDelay: true });
    socket.once('connect', () => {
      socket.off('error', reject);
      resolve(wrap(socket));
    });
    socket.once('error', reject);
  });
}

function wrap(socket: Socket): RawHttpConnection {
  let pending: ResponseCallback | undefined;
  let buffer: Buffer = Buffer.alloc(0);
  let open = true;
  const settle = (status: number) => {
    const done = pending;
    pending = undefined;
    buffer = Buffer.alloc(0);
    done?.(status);
  };
  socket.on('data', (chunk: Buffer) => {
    buffer = buffer.length === 0 ? chunk : Buffer.concat([buffer, chunk]);
    const status = completeResponseStatus(buffer);
    if (status !== undefined) settle(status);
  });
  const fail = () => {
    open = false;
    settle(0);
  };
  socket.on('error', fail);
  socket.on('close', fail);
  return {
    send(request, done) {
      if (!open) return done(0);
      pending = done;
      socket.write(request);
    },
    get open() {
      return open;
    },
    close() {
      open = false;
      socket.destroy();
    },
  };
}

/** The status of a complete response in `bytes` (Content-Length or chunked framing), or undefined while it is incomplete. */
export function completeResponseStatus(bytes: Buffer): number | undefined {
  const headerEnd = bytes.indexOf(HEADER_END);
  if (headerEnd === -1) return undefined;
  const head = bytes.toString('latin1', 0, headerEnd).toLowerCase();
  const status = Number(head.slice(9, 12));
  const bodyStart = headerEnd + HEADER_END.length;
  const lengthAt = head.indexOf('\r\ncontent-length:');
  if (lengthAt !== -1) {
    const lineEnd = head.indexOf('\r\n', lengthAt + 2);
    const length = Number(head.slice(lengthAt + 17, lineEnd === -1 ? undefined : lineEnd).trim());
    return bytes.length - bodyStart >= length ? status : undefined;
  }
  if (head.includes('\r\ntransfer-encoding: chunked')) {
    return bytes.length - bodyStart >= CHUNKED_END.length && bytes.subarray(bytes.length - CHUNKED_END.length).equals(CHUNKED_END) ? status : undefined;
  }
  // No framing header: only bodiless answers (204, 304) are complete at the end of the header.
  return status === 204 || status === 304 ? status : undefined;
}
