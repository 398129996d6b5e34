/*
 * tcp_client.cjs - CommonJS clients (net and tls) that destroy the connection
 * as soon as they have their answer.
 *
 * fetchStatus() asks a plain TCP service, fetchBanner() a TLS one. Both call
 * destroy() once the reply is complete, without end(): a request still in
 * the socket's write buffer is dropped, and the TLS peer gets no close_notify.
 * The idle-timeout callbacks may destroy: the peer has gone silent there.
 *
 * socklint findings:
 *   line 32  close-without-shutdown  at socket.destroy() in fetchStatus(); related: net.connect on line 25.
 *   line 47  close-without-shutdown  at socket.destroy() in fetchBanner(); related: tls.connect on line 41.
 * Not reported: the destroy() calls in the socket.setTimeout callbacks (lines 35 and 49).
 */
'use strict';

const net = require('net');
const tls = require('tls');

const STATUS_PORT = 7070;

/** @param {string} host @param {(err: Error | null, reply?: string) => void} done */
function fetchStatus(host, done) {
  let reply = '';
  const socket = net.connect(STATUS_PORT, host, () => socket.write('STATUS\r\n'));
  socket.setEncoding('utf8');
  socket.on('error', (err) => done(err));
  socket.on('data', (chunk) => {
    reply += chunk;
    if (reply.endsWith('\r\n')) {
      done(null, reply.trim());
      socket.destroy();
    }
  });
  socket.setTimeout(5000, () => socket.destroy());
}

/** @param {string} host @param {number} port @param {(err: Error | null, banner?: string) => void} done */
function fetchBanner(host, port, done) {
  let banner = '';
  const socket = tls.connect({ host, port, servername: host });
  socket.setEncoding('utf8');
  socket.on('error', (err) => done(err));
  socket.on('data', (chunk) => {
    banner += chunk;
    done(null, banner);
    socket.destroy();
  });
  socket.setTimeout(5000, () => socket.destroy());
}

module.exports = { fetchStatus, fetchBanner };
