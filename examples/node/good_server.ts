/*
 * good_server.ts - Node TCP and UDP code that does everything socklint checks for.
 *
 * Shows: connections ended with end(), with socket.setTimeout as a backstop
 * that destroys a peer that never closes its side; destroy() where it belongs
 * (an 'error' handler, an idle-timeout callback, destroy(err), a file stream);
 * datagram options set in the bind callback or after 'listening'; reuseAddr
 * only on a multicast receiver.
 *
 * socklint findings: none.
 */
import * as dgram from 'node:dgram';
import { once } from 'node:events';
import * as fs from 'node:fs';
import * as net from 'node:net';

const PORT = 7008;
const STATUS_PORT = 7009;
const GROUP = '239.255.0.43';
const GROUP_PORT = 5401;

const server = net.createServer((socket) => {
  socket.setTimeout(30_000, () => socket.destroy());
  socket.on('error', () => socket.destroy());
  socket.once('data', (line) => {
    socket.write(`echo: ${line.toString()}`);
    socket.end();
    socket.setTimeout(5000, () => socket.destroy());
  });
});
server.listen(PORT);

// Not a socket: destroying a file stream is how it is closed early.
export function firstLine(path: string, done: (line: string) => void): void {
  const stream = fs.createReadStream(path, { encoding: 'utf8' });
  stream.once('data', (chunk) => {
    done(String(chunk).split('\n')[0]);
    stream.destroy();
  });
}

// An upload that must stop: destroy(err) reports why, to both sides' handlers.
export function abortUpload(socket: net.Socket, reason: string): void {
  socket.destroy(new Error(reason));
}

// A unicast status service: no reuseAddr, options once bound.
const status = dgram.createSocket('udp4');
status.on('message', (_msg, rinfo) => status.send('ok\n', rinfo.port, rinfo.address));
status.bind(STATUS_PORT, () => {
  status.setTTL(16);
  status.setRecvBufferSize(1 << 20);
});

// A multicast receiver: reuseAddr lets several processes share the group's port.
export async function joinGroup(): Promise<dgram.Socket> {
  const member = dgram.createSocket({ type: 'udp4', reuseAddr: true });
  member.bind(GROUP_PORT);
  await once(member, 'listening');
  member.addMembership(GROUP);
  member.setMulticastLoopback(false);
  return member;
}
