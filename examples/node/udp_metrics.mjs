/*
 * udp_metrics.mjs - an ES module that sends metrics over UDP, and sizes its
 * send buffer too early.
 *
 * The multicast TTL is set in the bind callback, where the socket exists. The
 * send buffer size is set right after the bind() call, before the bind has
 * completed: setSendBufferSize throws ERR_SOCKET_BUFFER_SIZE (EBADF) there and
 * the module fails to load. Moving it into the bind callback, or passing
 * sendBufferSize to createSocket, fixes it.
 *
 * socklint findings:
 *   line 24  dgram-option-before-bind  at socket.setSendBufferSize(1 << 20); related: the bind on line 21.
 */
import { createSocket } from 'node:dgram';

const METRICS_HOST = '127.0.0.1';
const METRICS_PORT = 8125;

const socket = createSocket('udp4');
socket.on('error', (err) => console.error('metrics socket:', err.message));
socket.bind(0, () => {
  socket.setMulticastTTL(2);
});
socket.setSendBufferSize(1 << 20);
socket.unref();

/** @param {string} name @param {number} value */
export function gauge(name, value) {
  socket.send(`${name}:${value}|g`, METRICS_PORT, METRICS_HOST);
}
