// Forwards one preview request to a learner's server over a tunnel into their
// sandbox, with undici's HTTP/1.1 client speaking over the tunnel instead of
// a TCP socket. Every stage reads only as fast as the next one takes: the
// browser's socket, the response body, undici's parser, the tunnel and the
// engine connection. A browser that stops reading therefore stops the
// learner's server, and the server holds a few buffers' worth per request
// whatever the learner's server sends.
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Client, errors, type Dispatcher } from 'undici';
import { browserResponseHeaders, upstreamRequestHeaders } from './preview-headers.ts';
import type { PreviewTarget } from './preview-target.ts';

// Until the learner's server has sent its response headers.
const HEADERS_TIMEOUT_MS = 30_000;
// Silence from the learner's server in the middle of a body (a browser that
// does not read does not count: undici stops this clock while it waits).
const BODY_IDLE_MS = 300_000;
// The learner's server's response headers, in all; more is refused (502).
const MAX_HEADER_BYTES = 16 * 1024;

function hasBody(request: FastifyRequest): boolean {
  const length = request.headers['content-length'];
  return (length !== undefined && length !== '0') || request.headers['transfer-encoding'] !== undefined;
}

export async function proxyThroughTunnel(tunnel: Duplex, target: PreviewTarget, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  const client = new Client('http://sandbox.invalid', {
    // One request per tunnel: the tunnel is an exec of `nc` made for this
    // request. undici expects the socket later, as from a real connect: handed
    // over synchronously, the client would never send the request.
    connect: (_options, callback) => process.nextTick(callback, null, tunnel as Socket),
    headersTimeout: HEADERS_TIMEOUT_MS,
    bodyTimeout: BODY_IDLE_MS,
    maxHeaderSize: MAX_HEADER_BYTES,
  });
  // Finished or cut off (the browser went away): either way the tunnel's work
  // is done. Ended with an error: a tunnel that merely closed would let undici
  // complete a close-delimited response it had already given up on, and its
  // parser asserts on that (an uncaught throw, seen with Incus tunnels).
  reply.raw.once('close', () => {
    void client.destroy();
    tunnel.destroy(new Error('the preview is over'));
  });
  let response: Dispatcher.ResponseData;
  try {
    response = await client.request({
      method: request.method,
      path: target.path,
      headers: upstreamRequestHeaders(request.headers, target.port),
      body: hasBody(request) ? request.raw : undefined,
    });
  } catch (err) {
    tunnel.destroy();
    if (err instanceof errors.HeadersTimeoutError) {
      return reply.code(504).send({ error: 'preview_timeout', message: `the server on port ${target.port} in the sandbox sent no response within ${HEADERS_TIMEOUT_MS / 1000} s` });
    }
    // undici refuses what it could not send as valid HTTP (a path with bytes outside the URL grammar).
    if (err instanceof errors.InvalidArgumentError) {
      return reply.code(400).send({ error: 'preview_request_invalid', message: `the request cannot be forwarded: ${err.message}` });
    }
    const detail = err instanceof errors.HeadersOverflowError ? ' (its headers were over 16 KiB)' : '';
    return reply.code(502).send({ error: 'preview_unreachable', message: `nothing answered HTTP on port ${target.port} in the sandbox${detail}` });
  }
  return reply.code(response.statusCode).headers(browserResponseHeaders(response.headers)).send(response.body);
}
