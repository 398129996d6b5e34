/*
 * udp_broadcast.ts - Node datagram sockets: options set before the bind has
 * completed, and a unicast service that lets others take its port.
 *
 * socket.bind() only starts binding: Node resolves the address first and libuv
 * creates the socket after that. Until then setBroadcast, setTTL and the other
 * setters throw EBADF, even on the line right after bind(). addMembership does
 * not throw: it binds the socket to a random port itself, and the bind(port)
 * that follows fails with EINVAL. reuseAddr lets any later process that sets
 * it too bind the same port and take the service's unicast datagrams; only
 * multicast receivers need it.
 *
 * socklint findings:
 *   line 32  dgram-option-before-bind  at socket.setBroadcast(true); related: the bind on line 31.
 *   line 38  reuseaddr-port-hijack     at reuseAddr: true; related: the bind on line 42.
 *   line 49  dgram-option-before-bind  at listener.addMembership(GROUP); related: the bind on line 50.
 * Not reported: reuseAddr on the multicast listener (line 48), and beacon(),
 * which sets its options after await once(socket, 'listening').
 */
import * as dgram from 'node:dgram';
import { once } from 'node:events';

const DISCOVERY_PORT = 41234;
const SERVICE_PORT = 5300;
const GROUP = '239.255.0.42';
const GROUP_PORT = 5400;

// Broadcasts one announcement on the local network.
export function announce(name: string): void {
  const socket = dgram.createSocket('udp4');
  socket.bind(DISCOVERY_PORT);
  socket.setBroadcast(true);
  socket.send(`hello ${name}`, DISCOVERY_PORT, '255.255.255.255', () => socket.close());
}

// A unicast echo service on a fixed port.
export function serve(): dgram.Socket {
  const service = dgram.createSocket({ type: 'udp4', reuseAddr: true });
  service.on('message', (msg, rinfo) => {
    service.send(msg, rinfo.port, rinfo.address);
  });
  service.bind(SERVICE_PORT);
  return service;
}

// A multicast receiver: several processes on one host may share the group's port.
export function listen(): dgram.Socket {
  const listener = dgram.createSocket({ type: 'udp4', reuseAddr: true });
  listener.addMembership(GROUP);
  listener.bind(GROUP_PORT);
  return listener;
}

// The right order: options once the socket is listening.
export async function beacon(): Promise<dgram.Socket> {
  const socket = dgram.createSocket('udp4');
  socket.bind(0);
  await once(socket, 'listening');
  socket.setBroadcast(true);
  socket.setTTL(4);
  return socket;
}
