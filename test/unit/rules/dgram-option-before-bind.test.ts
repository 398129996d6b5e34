// dgram-option-before-bind: Node binds datagram sockets asynchronously, so option setters on a socket
// from dgram.createSocket throw (or bind implicitly) until it is bound — even right after bind()
// (RULES.md; issue #3).
import { ruleTester } from '../ruleTester';

ruleTester('dgram-option-before-bind', {
  valid: [
    {
      // multicast-dns: the setters sit in a function stored on the instance and first called from
      // the 'listening' handler; by the time it runs, the asynchronous bind is done.
      name: "a function stored for later and called from 'listening'",
      lang: 'cjs',
      compile: 'node',
      code: `const dgram = require('dgram');

function create(opts) {
  const that = {};
  const socket = dgram.createSocket({ type: 'udp4', reuseAddr: true });
  that.update = function () {
    socket.addMembership('224.0.0.251', opts.interface);
    socket.setMulticastInterface(opts.interface);
  };
  socket.on('listening', function () {
    that.update();
    socket.setMulticastTTL(255);
  });
  socket.bind(5353);
  return that;
}

module.exports = create;
`,
    },
    {
      name: 'inside the bind callback',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as dgram from 'node:dgram';

const sock = dgram.createSocket('udp4');
sock.bind(41234, () => {
  sock.setBroadcast(true);
  sock.setTTL(64);
  sock.setRecvBufferSize(1 << 20);
  sock.setSendBufferSize(1 << 20);
});
`,
    },
    {
      name: "inside a 'listening' handler (on)",
      lang: 'ts',
      compile: 'tsc',
      code: `import { createSocket } from 'dgram';

const GROUP = '239.255.255.250';
const ssdp = createSocket({ type: 'udp4', reuseAddr: true });
ssdp.on('listening', () => {
  ssdp.addMembership(GROUP);
  ssdp.setMulticastTTL(2);
  ssdp.setMulticastLoopback(false);
});
ssdp.bind(1900);
`,
    },
    {
      name: "inside a 'listening' handler (once), registered after the bind",
      lang: 'ts',
      compile: 'tsc',
      code: `import * as dgram from 'node:dgram';

const sock = dgram.createSocket('udp6');
sock.bind(5353);
sock.once('listening', () => {
  sock.setMulticastInterface('::%eth0');
  sock.addMembership('ff02::fb', '::%eth0');
});
`,
    },
    {
      name: "inside a 'message' handler",
      lang: 'ts',
      compile: 'tsc',
      code: `import * as dgram from 'node:dgram';

const sock = dgram.createSocket('udp4');
sock.on('message', (msg, rinfo) => {
  sock.setBroadcast(msg[0] === 1);
  sock.send(msg, rinfo.port, rinfo.address);
});
sock.bind(41235);
`,
    },
    {
      name: "after await once(sock, 'listening') in an async function",
      lang: 'ts',
      compile: 'tsc',
      code: `import * as dgram from 'node:dgram';
import { once } from 'node:events';

export async function openBeacon(port: number): Promise<dgram.Socket> {
  const sock = dgram.createSocket('udp4');
  sock.bind(port);
  await once(sock, 'listening');
  sock.setBroadcast(true);
  sock.setTTL(4);
  return sock;
}
`,
    },
    {
      name: "after a top-level await once(sock, 'listening') in an ES module",
      lang: 'ts',
      compile: 'tsc',
      code: `import { createSocket } from 'node:dgram';
import { once } from 'node:events';

const sock = createSocket('udp4');
sock.bind(41236);
await once(sock, 'listening');
sock.setRecvBufferSize(4 * 1024 * 1024);
`,
    },
    {
      name: 'a socket received as a parameter',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as dgram from 'node:dgram';

export function tune(sock: dgram.Socket): void {
  sock.setBroadcast(true);
  sock.setSendBufferSize(1 << 20);
}
`,
    },
    {
      name: "a same-file helper called from the 'listening' handler",
      lang: 'ts',
      compile: 'tsc',
      code: `import * as dgram from 'node:dgram';

function configure(s: dgram.Socket): void {
  s.setMulticastTTL(8);
  s.setMulticastLoopback(true);
}

const sock = dgram.createSocket('udp4');
sock.on('listening', () => configure(sock));
sock.bind(41237);
`,
    },
    {
      name: 'setters on objects that are not dgram sockets',
      lang: 'ts',
      compile: 'tsc',
      code: `class Radio {
  ttl = 0;
  broadcast = false;
  setTTL(ttl: number): void {
    this.ttl = ttl;
  }
  setBroadcast(on: boolean): void {
    this.broadcast = on;
  }
  bind(port: number): void {
    this.ttl = port;
  }
}

const radio = new Radio();
radio.setBroadcast(true);
radio.setTTL(16);
radio.bind(41238);
`,
    },
    {
      name: 'send, connect, ref/unref and close are not options',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as dgram from 'node:dgram';

const sock = dgram.createSocket('udp4');
sock.unref();
sock.send('hello', 41239, '127.0.0.1', () => {
  sock.close();
});
`,
    },
    {
      name: "CommonJS: require('dgram') with a bind callback using function ()",
      lang: 'cjs',
      compile: 'node',
      code: `const dgram = require('dgram');

const sock = dgram.createSocket('udp4');
sock.bind(41240, function () {
  sock.setBroadcast(true);
});
`,
    },
    {
      name: 'a named bind callback declared in the file',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as dgram from 'node:dgram';

const sock = dgram.createSocket('udp4');

function onBound(): void {
  sock.setBroadcast(true);
  sock.setTTL(8);
}

sock.bind(41241, onBound);
`,
    },
    {
      name: "after await events.once(sock, 'listening') through a default import",
      lang: 'ts',
      compile: 'tsc',
      code: `import * as dgram from 'node:dgram';
import events from 'node:events';

export async function start(port: number): Promise<dgram.Socket> {
  const sock = dgram.createSocket('udp4');
  sock.bind(port);
  await events.once(sock, 'listening');
  sock.setMulticastTTL(16);
  return sock;
}
`,
    },
    {
      name: 'a socket passed to unknown code before the setter',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as dgram from 'node:dgram';

declare function bindAndWait(sock: dgram.Socket, port: number): Promise<void>;

export async function start(port: number): Promise<void> {
  const sock = dgram.createSocket('udp4');
  await bindAndWait(sock, port);
  sock.setBroadcast(true);
}
`,
    },
    {
      name: 'suppressed with a block comment on the line',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as dgram from 'node:dgram';

const sock = dgram.createSocket('udp4');
sock.bind(41243);
try {
  sock.setBroadcast(true); /* socklint-disable-line dgram-option-before-bind -- retried on 'listening' */
} catch {
  sock.once('listening', () => sock.setBroadcast(true));
}
`,
    },
    {
      name: 'inside the message listener passed to createSocket',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as dgram from 'node:dgram';

const sock: dgram.Socket = dgram.createSocket('udp4', (msg, rinfo) => {
  sock.setTTL(msg.length > 512 ? 64 : 16);
  sock.send(msg, rinfo.port, rinfo.address);
});
sock.bind(41245);
`,
    },
    {
      name: 'a setTimeout callback is not the synchronous run of createSocket',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as dgram from 'node:dgram';

const sock = dgram.createSocket('udp4');
sock.bind(41242);
setTimeout(() => sock.setBroadcast(true), 1000);
`,
    },
  ],

  invalid: [
    {
      name: 'setBroadcast before bind: a bind callback is created',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as dgram from 'node:dgram';

const sock = dgram.createSocket('udp4');
sock.on('message', (msg) => {
  console.log(msg.toString());
});
sock.setBroadcast(true);
sock.bind(41234);
`,
      errors: [{ messageId: 'beforeBind', text: 'sock.setBroadcast(true)', severity: 'error' }],
      safe: false,
      output: `import * as dgram from 'node:dgram';

const sock = dgram.createSocket('udp4');
sock.on('message', (msg) => {
  console.log(msg.toString());
});
sock.bind(41234, () => {
  sock.setBroadcast(true);
});
`,
    },
    {
      name: 'setBroadcast right after bind (Node binds asynchronously)',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as dgram from 'node:dgram';

const DISCOVERY_PORT = 41234;
const sock = dgram.createSocket('udp4');
sock.bind(DISCOVERY_PORT);
sock.setBroadcast(true);
sock.on('message', (msg) => {
  console.log(msg.toString());
});
`,
      errors: [{ messageId: 'beforeBind', text: 'sock.setBroadcast(true)', related: 'sock.bind(DISCOVERY_PORT)' }],
      safe: false,
      output: `import * as dgram from 'node:dgram';

const DISCOVERY_PORT = 41234;
const sock = dgram.createSocket('udp4');
sock.bind(DISCOVERY_PORT, () => {
  sock.setBroadcast(true);
});
sock.on('message', (msg) => {
  console.log(msg.toString());
});
`,
    },
    {
      name: 'after a bind that has a callback: moved to the end of the callback',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as dgram from 'node:dgram';

const server = dgram.createSocket('udp4');
server.bind(41234, () => {
  console.log(\`listening on \${server.address().port}\`);
});
server.setRecvBufferSize(1 << 20);
`,
      errors: [{ messageId: 'beforeBind', text: 'server.setRecvBufferSize(1 << 20)' }],
      safe: false,
      output: `import * as dgram from 'node:dgram';

const server = dgram.createSocket('udp4');
server.bind(41234, () => {
  console.log(\`listening on \${server.address().port}\`);
  server.setRecvBufferSize(1 << 20);
});
`,
    },
    {
      name: 'addMembership before bind binds to a random port',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as dgram from 'node:dgram';

const GROUP = '239.1.2.3';
const listener = dgram.createSocket({ type: 'udp4', reuseAddr: true });
listener.addMembership(GROUP);
listener.bind(5000);
listener.on('message', (msg) => {
  console.log(msg.length);
});
`,
      errors: [{ messageId: 'beforeBind', text: 'listener.addMembership(GROUP)' }],
      safe: false,
      output: `import * as dgram from 'node:dgram';

const GROUP = '239.1.2.3';
const listener = dgram.createSocket({ type: 'udp4', reuseAddr: true });
listener.bind(5000, () => {
  listener.addMembership(GROUP);
});
listener.on('message', (msg) => {
  console.log(msg.length);
});
`,
    },
    {
      name: 'in a function: two setters after bind, two findings',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as dgram from 'node:dgram';

export function startDiscovery(port: number): dgram.Socket {
  const sock = dgram.createSocket({ type: 'udp4', reuseAddr: true });
  sock.bind(port);
  sock.addMembership('239.255.255.250');
  sock.setMulticastTTL(4);
  return sock;
}
`,
      errors: [
        { messageId: 'beforeBind', text: "sock.addMembership('239.255.255.250')" },
        { messageId: 'beforeBind', text: 'sock.setMulticastTTL(4)' },
      ],
      safe: false,
      output: `import * as dgram from 'node:dgram';

export function startDiscovery(port: number): dgram.Socket {
  const sock = dgram.createSocket({ type: 'udp4', reuseAddr: true });
  sock.bind(port, () => {
    sock.addMembership('239.255.255.250');
  });
  sock.setMulticastTTL(4);
  return sock;
}
`,
    },
    {
      name: 'bind(port, address): the callback becomes the third argument',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as dgram from 'node:dgram';

const sock = dgram.createSocket('udp4');
sock.bind(41234, '0.0.0.0');
sock.setTTL(128);
sock.on('error', (err) => {
  console.error(err);
});
`,
      errors: [{ messageId: 'beforeBind', text: 'sock.setTTL(128)' }],
      safe: false,
      output: `import * as dgram from 'node:dgram';

const sock = dgram.createSocket('udp4');
sock.bind(41234, '0.0.0.0', () => {
  sock.setTTL(128);
});
sock.on('error', (err) => {
  console.error(err);
});
`,
    },
    {
      name: 'bind({ port, exclusive }) with a callback: setSendBufferSize moves in',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as dgram from 'node:dgram';

const sock = dgram.createSocket('udp6');
sock.setSendBufferSize(1 << 20);
sock.bind({ port: 41234, exclusive: true }, () => {
  console.log('ready');
});
`,
      errors: [{ messageId: 'beforeBind', text: 'sock.setSendBufferSize(1 << 20)' }],
      safe: false,
      output: `import * as dgram from 'node:dgram';

const sock = dgram.createSocket('udp6');
sock.bind({ port: 41234, exclusive: true }, () => {
  console.log('ready');
  sock.setSendBufferSize(1 << 20);
});
`,
    },
    {
      name: 'the setter in a branch before bind: reported, no fix (not in the bind block)',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as dgram from 'node:dgram';

export function open(port: number, broadcast: boolean): dgram.Socket {
  const sock = dgram.createSocket('udp4');
  if (broadcast) {
    sock.setBroadcast(true);
  }
  sock.bind(port);
  return sock;
}
`,
      errors: [{ messageId: 'beforeBind', text: 'sock.setBroadcast(true)' }],
      output: null,
    },
    {
      name: 'never bound in the function: reported, no fix',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as dgram from 'node:dgram';

export function sender(): dgram.Socket {
  const sock = dgram.createSocket('udp4');
  sock.setMulticastInterface('192.168.1.10');
  return sock;
}
`,
      errors: [{ messageId: 'beforeBind', text: "sock.setMulticastInterface('192.168.1.10')" }],
      output: null,
    },
    {
      name: 'addSourceSpecificMembership right after bind',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as dgram from 'node:dgram';

const feed = dgram.createSocket('udp4');
feed.bind(6000);
feed.addSourceSpecificMembership('10.1.1.1', '232.1.1.1');
feed.on('message', (msg) => {
  console.log(msg.length);
});
`,
      errors: [{ messageId: 'beforeBind', text: "feed.addSourceSpecificMembership('10.1.1.1', '232.1.1.1')" }],
      safe: false,
      output: `import * as dgram from 'node:dgram';

const feed = dgram.createSocket('udp4');
feed.bind(6000, () => {
  feed.addSourceSpecificMembership('10.1.1.1', '232.1.1.1');
});
feed.on('message', (msg) => {
  console.log(msg.length);
});
`,
    },
    {
      name: 'setter in an if, no braces, on the bind line level: reported',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as dgram from 'node:dgram';

const LOOPBACK = process.env.LOOPBACK === '1';
const sock = dgram.createSocket('udp4');
sock.bind(41234);
if (LOOPBACK) sock.setMulticastLoopback(true);
`,
      errors: [{ messageId: 'beforeBind', text: 'sock.setMulticastLoopback(true)' }],
      output: null,
    },
    {
      name: "CommonJS: require('dgram'), setMulticastTTL after bind",
      lang: 'cjs',
      compile: 'node',
      code: `const dgram = require('dgram');

const sock = dgram.createSocket('udp4');
sock.bind(5007);
sock.setMulticastTTL(1);
sock.on('message', (msg) => {
  console.log(String(msg));
});
`,
      errors: [{ messageId: 'beforeBind', text: 'sock.setMulticastTTL(1)' }],
      safe: false,
      output: `const dgram = require('dgram');

const sock = dgram.createSocket('udp4');
sock.bind(5007, () => {
  sock.setMulticastTTL(1);
});
sock.on('message', (msg) => {
  console.log(String(msg));
});
`,
    },
    {
      name: 'ESM JavaScript (.mjs): createSocket imported by name, existing function () callback',
      lang: 'mjs',
      compile: 'node',
      code: `import { createSocket } from 'node:dgram';

const sock = createSocket('udp4');
sock.setBroadcast(true);
sock.bind(41234, function () {
  console.log('bound');
});
`,
      errors: [{ messageId: 'beforeBind', text: 'sock.setBroadcast(true)' }],
      safe: false,
      output: `import { createSocket } from 'node:dgram';

const sock = createSocket('udp4');
sock.bind(41234, function () {
  console.log('bound');
  sock.setBroadcast(true);
});
`,
    },
    {
      name: "CommonJS: destructured require('dgram'), setter in an arrow function",
      lang: 'cjs',
      compile: 'node',
      code: `const { createSocket } = require('dgram');

const start = (port) => {
  const sock = createSocket('udp4');
  sock.bind(port);
  sock.setRecvBufferSize(262144);
  return sock;
};

module.exports = { start };
`,
      errors: [{ messageId: 'beforeBind', text: 'sock.setRecvBufferSize(262144)' }],
      safe: false,
      output: `const { createSocket } = require('dgram');

const start = (port) => {
  const sock = createSocket('udp4');
  sock.bind(port, () => {
    sock.setRecvBufferSize(262144);
  });
  return sock;
};

module.exports = { start };
`,
    },
    {
      name: 'four-space indentation: the new callback uses the file indent unit',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as dgram from 'node:dgram';

export function start(port: number): dgram.Socket {
    const sock = dgram.createSocket('udp4');
    sock.bind(port);
    sock.setBroadcast(true);
    return sock;
}
`,
      errors: [{ messageId: 'beforeBind', text: 'sock.setBroadcast(true)' }],
      safe: false,
      output: `import * as dgram from 'node:dgram';

export function start(port: number): dgram.Socket {
    const sock = dgram.createSocket('udp4');
    sock.bind(port, () => {
        sock.setBroadcast(true);
    });
    return sock;
}
`,
    },
    {
      name: "ESM JavaScript (.mjs): default import of 'node:dgram'",
      lang: 'mjs',
      compile: 'node',
      code: `import dgram from 'node:dgram';

const sock = dgram.createSocket('udp4');
sock.bind(41244);
sock.setTTL(32);
sock.on('message', (msg) => {
  console.log(msg.length);
});
`,
      errors: [{ messageId: 'beforeBind', text: 'sock.setTTL(32)' }],
      safe: false,
      output: `import dgram from 'node:dgram';

const sock = dgram.createSocket('udp4');
sock.bind(41244, () => {
  sock.setTTL(32);
});
sock.on('message', (msg) => {
  console.log(msg.length);
});
`,
    },
  ],
});
