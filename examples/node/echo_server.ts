/*
 * echo_server.ts - a Node TCP echo server that cuts its connections short.
 *
 * Each connection gets one line echoed back, then socket.destroy(). write()
 * never blocks: what the kernel cannot take yet waits in the socket's own
 * buffer, and destroy() throws that away and closes at once. socket.end()
 * sends the FIN after everything written, so the reply arrives whole. A
 * server that is full turns clients away with resetAndDestroy(), which resets
 * the connection (SO_LINGER {1, 0}): the "busy" line written just before is
 * lost and the client sees ECONNRESET.
 *
 * socklint findings:
 *   line 28  linger-misuse           at socket.resetAndDestroy() (an abortive close).
 *   line 39  close-without-shutdown  at socket.destroy() after the echo, with no end() first;
 *            related: the connection listener on line 25.
 * The destroy() in the 'error' handler (line 35) is not reported: the connection
 * has already failed there.
 */
import * as net from 'node:net';

const PORT = 7007;
const MAX_CLIENTS = 100;
let clients = 0;

const server = net.createServer((socket) => {
  if (clients >= MAX_CLIENTS) {
    socket.write('busy, try again later\r\n');
    socket.resetAndDestroy();
    return;
  }
  clients++;
  socket.on('close', () => clients--);
  socket.on('error', (err) => {
    console.error('client error:', err.message);
    socket.destroy();
  });
  socket.once('data', (line) => {
    socket.write(`echo: ${line.toString()}`);
    socket.destroy();
  });
});

server.listen(PORT, () => console.log(`echo server on port ${PORT}`));
