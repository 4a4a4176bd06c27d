import { connect, type Socket } from 'node:net';

/**
 * One hostile request as bytes on the wire, so that it can be anything a socket can carry: malformed
 * request lines, lying Content-Length, broken chunked framing, bodies that never finish.
 */
export interface WireRequest {
  /** Written first (request line, headers and usually the whole body). */
  readonly head: Buffer;
  /** A large body streamed after `head`: `chunk` written `repeat` times, then `tail` (with backpressure). */
  readonly stream?: { readonly chunk: Buffer; readonly repeat: number; readonly tail: Buffer };
  /** Slowloris: after writing, wait this long for an answer, then drop the connection (no answer expected). */
  readonly holdMs?: number;
  /** The request was HEAD: its answer has no body whatever its headers say. */
  readonly bodiless?: boolean;
  /**
   * Never reuse the connection afterwards: after deliberately broken framing the server may read the
   * leftover bytes as another request and answer it, which must not be taken for the next answer.
   */
  readonly closeAfter?: boolean;
  /** The loopback address to send from (default 127.0.0.1): a client the server tells apart by its address. */
  readonly from?: string;
}

/** What came back: the status (0 when none), the body, and how the exchange ended. */
export interface WireAnswer {
  readonly status: number;
  readonly body: Buffer;
  /** The connection could not be opened (nothing listening). */
  readonly refused: boolean;
  /** No complete answer within the exchange's deadline (the connection is then dropped). */
  readonly timedOut: boolean;
}

const HEADER_END = Buffer.from('\r\n\r\n');

/**
 * A keep-alive HTTP/1.1 client lane for hostile traffic: one request at a time on one socket,
 * reconnecting whenever the server closed it, with full response framing (Content-Length, chunked,
 * read-until-close, bodiless statuses) so that every answer's status and body are known.
 */
export class RawLane {
  private socket: Socket | undefined;
  private socketFrom = '';
  private reusable = false;

  constructor(
    private readonly port: number,
    private readonly deadlineMs: number,
  ) {}

  /** Sends one request and resolves with its answer; never rejects. */
  async exchange(request: WireRequest): Promise<WireAnswer> {
    const from = request.from ?? '127.0.0.1';
    const socket = this.socket !== undefined && this.reusable && !this.socket.destroyed && this.socketFrom === from ? this.socket : await this.open(from);
    if (socket === undefined) return { status: 0, body: Buffer.alloc(0), refused: true, timedOut: false };
    this.socket = socket;
    this.socketFrom = from;
    this.reusable = false;
    const answer = await this.run(socket, request);
    if (!this.reusable || request.closeAfter === true) {
      socket.destroy();
      this.socket = undefined;
    }
    return answer;
  }

  close(): void {
    this.socket?.destroy();
    this.socket = undefined;
  }

  private open(from: string): Promise<Socket | undefined> {
    this.socket?.destroy();
    this.socket = undefined;
    return new Promise((resolve) => {
      const socket = connect({ port: this.port, host: '127.0.0.1', localAddress: from, noDelay: true });
      socket.once('connect', () => {
        socket.removeAllListeners('error');
        socket.on('error', () => undefined);
        resolve(socket);
      });
      socket.once('error', () => resolve(undefined));
    });
  }

  private run(socket: Socket, request: WireRequest): Promise<WireAnswer> {
    return new Promise((resolve) => {
      let buffer: Buffer = Buffer.alloc(0);
      let settled = false;
      const parser = new ResponseParser(request.bodiless === true);
      const finish = (status: number, body: Buffer, reusable: boolean, timedOut: boolean) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        socket.off('data', onData);
        socket.off('close', onClose);
        this.reusable = reusable;
        resolve({ status, body, refused: false, timedOut });
      };
      const onData = (chunk: Buffer) => {
        buffer = buffer.length === 0 ? chunk : Buffer.concat([buffer, chunk]);
        const done = parser.complete(buffer, false);
        if (done !== undefined) finish(done.status, done.body, done.keepAlive, false);
      };
      const onClose = () => {
        const done = parser.complete(buffer, true);
        finish(done?.status ?? 0, done?.body ?? Buffer.alloc(0), false, false);
      };
      const limit = request.holdMs ?? this.deadlineMs;
      const timer = setTimeout(() => finish(0, Buffer.alloc(0), false, request.holdMs === undefined), limit);
      socket.on('data', onData);
      socket.once('close', onClose);
      socket.write(request.head);
      if (request.stream !== undefined) void pump(socket, request.stream, () => settled);
    });
  }
}

async function pump(socket: Socket, stream: NonNullable<WireRequest['stream']>, stop: () => boolean): Promise<void> {
  for (let i = 0; i < stream.repeat; i++) {
    if (stop() || socket.destroyed) return;
    if (!socket.write(stream.chunk)) {
      await new Promise<void>((resolve) => {
        const done = () => {
          socket.off('drain', done);
          socket.off('close', done);
          resolve();
        };
        socket.once('drain', done);
        socket.once('close', done);
      });
    }
  }
  if (!stop() && !socket.destroyed) socket.write(stream.tail);
}

/** Frames one HTTP/1.1 response (skipping 1xx informational answers). */
class ResponseParser {
  constructor(private readonly headOnly: boolean) {}

  /** The response once complete in `bytes` (or, at `closed`, whatever can be made of it). */
  complete(bytes: Buffer, closed: boolean): { status: number; body: Buffer; keepAlive: boolean } | undefined {
    let start = 0;
    for (;;) {
      const headerEnd = bytes.indexOf(HEADER_END, start);
      if (headerEnd === -1) return undefined;
      const head = bytes.toString('latin1', start, headerEnd).toLowerCase();
      const status = Number(head.slice(9, 12));
      const bodyStart = headerEnd + HEADER_END.length;
      if (status >= 100 && status < 200) {
        start = bodyStart;
        continue;
      }
      const keepAlive = head.startsWith('http/1.1') && !/\r\nconnection:\s*close/.test(head);
      if (this.headOnly || status === 204 || status === 304) return { status, body: Buffer.alloc(0), keepAlive };
      const length = /\r\ncontent-length:\s*(\d+)/.exec(head);
      if (length?.[1] !== undefined) {
        const end = bodyStart + Number(length[1]);
        if (bytes.length >= end) return { status, body: bytes.subarray(bodyStart, end), keepAlive };
        return closed ? { status, body: bytes.subarray(bodyStart), keepAlive: false } : undefined;
      }
      if (/\r\ntransfer-encoding:\s*chunked/.test(head)) {
        const body = dechunk(bytes, bodyStart);
        if (body !== undefined) return { status, body, keepAlive };
        return closed ? { status, body: bytes.subarray(bodyStart), keepAlive: false } : undefined;
      }
      // No framing: the body runs to the end of the connection.
      return closed ? { status, body: bytes.subarray(bodyStart), keepAlive: false } : undefined;
    }
  }
}

/** The body of a complete chunked message starting at `offset`, or undefined while incomplete. */
function dechunk(bytes: Buffer, offset: number): Buffer | undefined {
  const parts: Buffer[] = [];
  let at = offset;
  for (;;) {
    const lineEnd = bytes.indexOf('\r\n', at, 'latin1');
    if (lineEnd === -1) return undefined;
    const size = parseInt(bytes.toString('latin1', at, lineEnd), 16);
    if (Number.isNaN(size)) return Buffer.alloc(0);
    // The last chunk, then (no trailers are expected here) the blank line.
    if (size === 0) return bytes.length >= lineEnd + 4 ? Buffer.concat(parts) : undefined;
    const dataStart = lineEnd + 2;
    if (bytes.length < dataStart + size + 2) return undefined;
    parts.push(bytes.subarray(dataStart, dataStart + size));
    at = dataStart + size + 2;
  }
}
