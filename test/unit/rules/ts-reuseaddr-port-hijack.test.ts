// reuseaddr-port-hijack in TypeScript and JavaScript: `dgram.createSocket({ reuseAddr: true })` on a
// unicast service bound to a fixed (or unknown) port, on any platform (RULES.md; issue #3).
import type { Settings } from '../../../server/src/engine/settings';
import { ruleTester } from '../ruleTester';

const POSIX: Settings = { enable: true, rules: {}, platform: 'posix' };

ruleTester('reuseaddr-port-hijack', {
  valid: [
    {
      name: 'reuseAddr: false',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as dgram from 'node:dgram';

const sock = dgram.createSocket({ type: 'udp4', reuseAddr: false });
sock.on('message', (msg, rinfo) => {
  sock.send(msg, rinfo.port, rinfo.address);
});
sock.bind(41234);
`,
    },
    {
      name: 'a multicast receiver joins its group in the bind callback',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as dgram from 'node:dgram';

const MDNS_GROUP = '224.0.0.251';
const sock = dgram.createSocket({ type: 'udp4', reuseAddr: true });
sock.bind(5353, () => {
  sock.addMembership(MDNS_GROUP);
});
`,
    },
    {
      name: "a multicast receiver joins its group in a 'listening' handler",
      lang: 'ts',
      compile: 'tsc',
      code: `import { createSocket } from 'dgram';

const GROUP = '239.255.255.250';
const ssdp = createSocket({ type: 'udp4', reuseAddr: true });
ssdp.on('listening', () => {
  ssdp.addMembership(GROUP);
  ssdp.setMulticastTTL(2);
});
ssdp.on('message', (msg) => console.log(msg.toString()));
ssdp.bind(1900);
`,
    },
    {
      name: 'addSourceSpecificMembership is a multicast receiver too',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as dgram from 'node:dgram';

const feed = dgram.createSocket({ type: 'udp4', reuseAddr: true });
feed.once('listening', () => {
  feed.addSourceSpecificMembership('10.1.1.1', '232.1.1.1');
});
feed.bind(6000);
`,
    },
    {
      name: 'bound to port 0',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as dgram from 'node:dgram';

const sock = dgram.createSocket({ type: 'udp6', reuseAddr: true });
sock.bind(0, () => {
  console.log('bound to', sock.address().port);
});
`,
    },
    {
      name: 'bind({ port: 0 }) and bind() without a port',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as dgram from 'node:dgram';

const a = dgram.createSocket({ type: 'udp4', reuseAddr: true });
a.bind({ port: 0, address: '127.0.0.1' });
const b = dgram.createSocket({ type: 'udp4', reuseAddr: true });
b.bind();
`,
    },
    {
      name: 'a connected client socket',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as dgram from 'node:dgram';

const resolver = dgram.createSocket({ type: 'udp4', reuseAddr: true });
resolver.connect(53, '8.8.8.8', () => {
  resolver.send(Buffer.from([0x12, 0x34]));
});
`,
    },
    {
      name: 'never bound: send binds implicitly to a random port',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as dgram from 'node:dgram';

export function ping(host: string): void {
  const sock = dgram.createSocket({ type: 'udp4', reuseAddr: true });
  sock.send('ping', 7, host, () => sock.close());
}
`,
    },
    {
      name: 'no reuseAddr at all (string form)',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as dgram from 'node:dgram';

const sock = dgram.createSocket('udp4');
sock.on('message', (msg) => {
  console.log(msg.length);
});
sock.bind(41234);
`,
    },
    {
      name: 'reuseAddr in an object that never reaches dgram.createSocket',
      lang: 'ts',
      compile: 'tsc',
      code: `interface ListenConfig {
  port: number;
  reuseAddr: boolean;
}

const config: ListenConfig = { port: 41234, reuseAddr: true };
export default config;
`,
    },
    {
      name: 'a value socklint cannot compute',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as dgram from 'node:dgram';

const reuse = process.env.REUSE === '1';
const sock = dgram.createSocket({ type: 'udp4', reuseAddr: reuse });
sock.on('message', () => undefined);
sock.bind(41234);
`,
    },
    {
      name: 'CommonJS multicast listener',
      lang: 'cjs',
      compile: 'node',
      code: `const dgram = require('dgram');

const listener = dgram.createSocket({ type: 'udp4', reuseAddr: true });
listener.bind(5007, () => {
  listener.addMembership('239.0.0.7');
});
`,
    },
    {
      name: "a same-file helper joins the group from the 'listening' handler",
      lang: 'ts',
      compile: 'tsc',
      code: `import * as dgram from 'node:dgram';

function join(s: dgram.Socket, group: string): void {
  s.addMembership(group);
}

const sock = dgram.createSocket({ type: 'udp4', reuseAddr: true });
sock.on('listening', () => join(sock, '239.9.9.9'));
sock.bind(9999);
`,
    },
    {
      name: 'a socket passed to unknown code before its bind',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as dgram from 'node:dgram';

declare function configure(s: dgram.Socket): void;

const sock = dgram.createSocket({ type: 'udp4', reuseAddr: true });
configure(sock);
sock.bind(9998);
`,
    },
    {
      name: 'addMembership before the bind still makes it a multicast receiver',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as dgram from 'node:dgram';

const sock = dgram.createSocket({ type: 'udp4', reuseAddr: true });
sock.addMembership('239.1.1.1');
sock.bind(9997);
`,
    },
    {
      name: 'a TCP server is not a dgram socket',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as net from 'node:net';

const server = net.createServer({ noDelay: true }, (sock) => sock.end());
server.listen({ port: 9996, exclusive: false });
`,
    },
    {
      name: 'bound to a const port that is 0',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as dgram from 'node:dgram';

const EPHEMERAL = 0;
const sock = dgram.createSocket({ type: 'udp4', reuseAddr: true });
sock.on('message', () => undefined);
sock.bind(EPHEMERAL);
`,
    },
  ],

  invalid: [
    {
      name: 'unicast service on a fixed port',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as dgram from 'node:dgram';

const server = dgram.createSocket({ type: 'udp4', reuseAddr: true });
server.on('message', (msg, rinfo) => {
  server.send(msg, rinfo.port, rinfo.address);
});
server.bind(41234);
`,
      errors: [{ messageId: 'nodeReuseAddr', text: 'reuseAddr: true', severity: 'warning', related: 'server.bind(41234)' }],
      safe: false,
      output: `import * as dgram from 'node:dgram';

const server = dgram.createSocket({ type: 'udp4' });
server.on('message', (msg, rinfo) => {
  server.send(msg, rinfo.port, rinfo.address);
});
server.bind(41234);
`,
    },
    {
      name: 'bind({ port: PORT }) with a const port',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as dgram from 'node:dgram';

const PORT = 5300;
const dns = dgram.createSocket({ type: 'udp6', reuseAddr: true });
dns.on('message', () => undefined);
dns.bind({ port: PORT, address: '::' });
`,
      errors: [{ messageId: 'nodeReuseAddr', text: 'reuseAddr: true' }],
      safe: false,
      output: `import * as dgram from 'node:dgram';

const PORT = 5300;
const dns = dgram.createSocket({ type: 'udp6' });
dns.on('message', () => undefined);
dns.bind({ port: PORT, address: '::' });
`,
    },
    {
      name: 'an unknown port from the environment',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as dgram from 'node:dgram';

export function serve(): dgram.Socket {
  const sock = dgram.createSocket({ type: 'udp4', reuseAddr: true });
  sock.on('message', (msg) => console.log(msg.toString()));
  sock.bind(Number(process.env.SYSLOG_PORT ?? '514'));
  return sock;
}
`,
      errors: [{ messageId: 'nodeReuseAddr', text: 'reuseAddr: true' }],
      safe: false,
      output: `import * as dgram from 'node:dgram';

export function serve(): dgram.Socket {
  const sock = dgram.createSocket({ type: 'udp4' });
  sock.on('message', (msg) => console.log(msg.toString()));
  sock.bind(Number(process.env.SYSLOG_PORT ?? '514'));
  return sock;
}
`,
    },
    {
      name: 'any platform: reported with the platform set to posix',
      lang: 'ts',
      compile: 'tsc',
      settings: POSIX,
      code: `import * as dgram from 'node:dgram';

const sock = dgram.createSocket({ type: 'udp4', reuseAddr: true });
sock.on('message', () => undefined);
sock.bind(41234);
`,
      errors: [{ messageId: 'nodeReuseAddr', text: 'reuseAddr: true' }],
      safe: false,
      output: `import * as dgram from 'node:dgram';

const sock = dgram.createSocket({ type: 'udp4' });
sock.on('message', () => undefined);
sock.bind(41234);
`,
    },
    {
      name: 'reuseAddr first: the property and the comma after it go',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as dgram from 'node:dgram';

const sock = dgram.createSocket({ reuseAddr: true, type: 'udp4' });
sock.on('message', () => undefined);
sock.bind(41234);
`,
      errors: [{ messageId: 'nodeReuseAddr', text: 'reuseAddr: true' }],
      safe: false,
      output: `import * as dgram from 'node:dgram';

const sock = dgram.createSocket({ type: 'udp4' });
sock.on('message', () => undefined);
sock.bind(41234);
`,
    },
    {
      name: 'a multi-line options object: the line goes',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as dgram from 'node:dgram';

const sock = dgram.createSocket({
  type: 'udp4',
  reuseAddr: true,
  recvBufferSize: 1 << 20,
});
sock.on('message', () => undefined);
sock.bind(41234);
`,
      errors: [{ messageId: 'nodeReuseAddr', text: 'reuseAddr: true' }],
      safe: false,
      output: `import * as dgram from 'node:dgram';

const sock = dgram.createSocket({
  type: 'udp4',
  recvBufferSize: 1 << 20,
});
sock.on('message', () => undefined);
sock.bind(41234);
`,
    },
    {
      name: 'a message listener as the second argument, createSocket imported by name',
      lang: 'ts',
      compile: 'tsc',
      code: `import { createSocket } from 'dgram';

const echo = createSocket({ type: 'udp4', reuseAddr: true }, (msg, rinfo) => {
  echo.send(msg, rinfo.port, rinfo.address);
});
echo.bind(7, '0.0.0.0');
`,
      errors: [{ messageId: 'nodeReuseAddr', text: 'reuseAddr: true' }],
      safe: false,
      output: `import { createSocket } from 'dgram';

const echo = createSocket({ type: 'udp4' }, (msg, rinfo) => {
  echo.send(msg, rinfo.port, rinfo.address);
});
echo.bind(7, '0.0.0.0');
`,
    },
    {
      name: 'a broadcast sender on a fixed port is not a multicast receiver',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as dgram from 'node:dgram';

const beacon = dgram.createSocket({ type: 'udp4', reuseAddr: true });
beacon.bind(41848, () => {
  beacon.setBroadcast(true);
  beacon.send('HELLO', 41848, '255.255.255.255');
});
`,
      errors: [{ messageId: 'nodeReuseAddr', text: 'reuseAddr: true' }],
      safe: false,
      output: `import * as dgram from 'node:dgram';

const beacon = dgram.createSocket({ type: 'udp4' });
beacon.bind(41848, () => {
  beacon.setBroadcast(true);
  beacon.send('HELLO', 41848, '255.255.255.255');
});
`,
    },
    {
      name: 'inside a class method',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as dgram from 'node:dgram';

export class StatsdServer {
  private socket?: dgram.Socket;

  start(port: number): void {
    const socket = dgram.createSocket({ type: 'udp4', reuseAddr: true, ipv6Only: false });
    socket.on('message', (msg) => this.handle(msg));
    socket.bind(port);
    this.socket = socket;
  }

  private handle(msg: Buffer): void {
    console.log(msg.toString());
  }
}
`,
      errors: [{ messageId: 'nodeReuseAddr', text: 'reuseAddr: true' }],
      safe: false,
      output: `import * as dgram from 'node:dgram';

export class StatsdServer {
  private socket?: dgram.Socket;

  start(port: number): void {
    const socket = dgram.createSocket({ type: 'udp4', ipv6Only: false });
    socket.on('message', (msg) => this.handle(msg));
    socket.bind(port);
    this.socket = socket;
  }

  private handle(msg: Buffer): void {
    console.log(msg.toString());
  }
}
`,
    },
    {
      name: "CommonJS: const dgram = require('dgram')",
      lang: 'cjs',
      compile: 'node',
      code: `const dgram = require('dgram');

const server = dgram.createSocket({ type: 'udp4', reuseAddr: true });
server.on('message', (msg, rinfo) => {
  server.send(msg, rinfo.port, rinfo.address);
});
server.bind(41234);
`,
      errors: [{ messageId: 'nodeReuseAddr', text: 'reuseAddr: true' }],
      safe: false,
      output: `const dgram = require('dgram');

const server = dgram.createSocket({ type: 'udp4' });
server.on('message', (msg, rinfo) => {
  server.send(msg, rinfo.port, rinfo.address);
});
server.bind(41234);
`,
    },
    {
      name: "JavaScript (.js): destructured require('node:dgram')",
      lang: 'js',
      compile: 'node',
      code: `const { createSocket } = require('node:dgram');

const tftp = createSocket({ type: 'udp4', reuseAddr: true });
tftp.on('message', () => {});
tftp.bind({ port: 69 });
`,
      errors: [{ messageId: 'nodeReuseAddr', text: 'reuseAddr: true' }],
      safe: false,
      output: `const { createSocket } = require('node:dgram');

const tftp = createSocket({ type: 'udp4' });
tftp.on('message', () => {});
tftp.bind({ port: 69 });
`,
    },
    {
      name: 'ESM JavaScript (.mjs)',
      lang: 'mjs',
      compile: 'node',
      code: `import * as dgram from 'node:dgram';

const PORT = 9999;
const sock = dgram.createSocket({ type: 'udp4', reuseAddr: true });
sock.on('message', (msg) => {
  console.log(String(msg));
});
sock.bind(PORT);
`,
      errors: [{ messageId: 'nodeReuseAddr', text: 'reuseAddr: true' }],
      safe: false,
      output: `import * as dgram from 'node:dgram';

const PORT = 9999;
const sock = dgram.createSocket({ type: 'udp4' });
sock.on('message', (msg) => {
  console.log(String(msg));
});
sock.bind(PORT);
`,
    },
    {
      name: 'two unicast services, two findings',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as dgram from 'node:dgram';

const v4 = dgram.createSocket({ type: 'udp4', reuseAddr: true });
const v6 = dgram.createSocket({ type: 'udp6', reuseAddr: true, ipv6Only: true });
for (const s of [v4, v6]) {
  s.on('message', () => undefined);
}
v4.bind(5300);
v6.bind(5300);
`,
      errors: [
        { messageId: 'nodeReuseAddr', text: 'reuseAddr: true', occurrence: 1 },
        { messageId: 'nodeReuseAddr', text: 'reuseAddr: true', occurrence: 2 },
      ],
      safe: false,
      output: `import * as dgram from 'node:dgram';

const v4 = dgram.createSocket({ type: 'udp4' });
const v6 = dgram.createSocket({ type: 'udp6', reuseAddr: true, ipv6Only: true });
for (const s of [v4, v6]) {
  s.on('message', () => undefined);
}
v4.bind(5300);
v6.bind(5300);
`,
    },
    {
      name: 'bind({ port }) with a shorthand property',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as dgram from 'node:dgram';

const port = 41250;
const sock = dgram.createSocket({ type: 'udp4', reuseAddr: true });
sock.on('message', () => undefined);
sock.bind({ port });
`,
      errors: [{ messageId: 'nodeReuseAddr', text: 'reuseAddr: true', related: 'sock.bind({ port })' }],
      safe: false,
      output: `import * as dgram from 'node:dgram';

const port = 41250;
const sock = dgram.createSocket({ type: 'udp4' });
sock.on('message', () => undefined);
sock.bind({ port });
`,
    },
  ],
});
