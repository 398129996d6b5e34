// close-without-shutdown in TypeScript and JavaScript: `destroy()` on a connected net.Socket /
// tls.TLSSocket with no `end()` before it on that path (RULES.md; issue #3).
import { ruleTester } from '../ruleTester';

ruleTester('close-without-shutdown', {
  valid: [
    {
      name: 'end() first, then a setTimeout backstop that destroys',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as net from 'node:net';

const server = net.createServer((sock) => {
  sock.write('bye\\n');
  sock.end();
  setTimeout(() => sock.destroy(), 5000);
});
server.listen(7000);
`,
    },
    {
      name: "end() first, then destroy in a 'finish' listener",
      lang: 'ts',
      compile: 'tsc',
      code: `import { createConnection } from 'net';

const client = createConnection({ host: 'localhost', port: 7000 }, () => {
  client.end('QUIT\\r\\n');
  client.once('finish', () => client.destroy());
});
`,
    },
    {
      name: "destroy() in 'error', 'close' and 'end' handlers",
      lang: 'ts',
      compile: 'tsc',
      code: `import * as net from 'node:net';

const server = net.createServer({ allowHalfOpen: true }, (socket) => {
  socket.on('error', (err) => {
    console.error('connection failed', err.message);
    socket.destroy();
  });
  socket.on('end', () => {
    socket.destroy();
  });
  socket.once('close', () => socket.destroy());
});
server.listen(7001);
`,
    },
    {
      name: "destroy() in socket.setTimeout(ms, cb) and in a 'timeout' handler",
      lang: 'ts',
      compile: 'tsc',
      code: `import * as tls from 'node:tls';

const socket = tls.connect(443, 'example.com', { servername: 'example.com' });
socket.setTimeout(10_000, () => {
  socket.destroy();
});
socket.on('timeout', () => socket.destroy());
`,
    },
    {
      name: 'destroy(err) with an argument reports an error',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as net from 'node:net';

const MAX_FRAME = 64 * 1024;

const server = net.createServer((sock) => {
  sock.on('data', (chunk) => {
    if (chunk.length > MAX_FRAME) {
      sock.destroy(new Error('frame too large'));
    }
  });
});
server.listen(7002);
`,
    },
    {
      name: 'fs streams, HTTP requests and a user class with destroy() are not sockets',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as fs from 'node:fs';
import * as http from 'node:http';

class ConnectionPool {
  private open = 0;
  destroy(): void {
    this.open = 0;
  }
}

export function cleanup(path: string, pool: ConnectionPool): void {
  const input = fs.createReadStream(path);
  input.destroy();
  fs.createReadStream(path).destroy();
  const req = http.get('http://example.com/');
  req.destroy();
  pool.destroy();
  new ConnectionPool().destroy();
}
`,
    },
    {
      name: 'the socket is passed to an unknown function before the destroy (escape)',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as net from 'node:net';

declare function drainAndEnd(sock: net.Socket): Promise<void>;

const server = net.createServer(async (sock) => {
  await drainAndEnd(sock);
  sock.destroy();
});
server.listen(7003);
`,
    },
    {
      name: 'a socket that is never connected',
      lang: 'ts',
      compile: 'tsc',
      code: `import { Socket } from 'net';

export function makeSpare(): void {
  const spare = new Socket();
  spare.setNoDelay(true);
  spare.destroy();
}
`,
    },
    {
      name: 'a Socket parameter of a function the same file calls with an unconnected socket',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as net from 'node:net';

function discard(sock: net.Socket): void {
  sock.removeAllListeners();
  sock.destroy();
}

const idle = new net.Socket();
discard(idle);
`,
    },
    {
      name: 'destroySoon() ends the socket before the destroy',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as net from 'node:net';

const server = net.createServer((sock) => {
  sock.write('goodbye\\n');
  sock.destroySoon();
  setTimeout(() => sock.destroy(), 2000).unref();
});
server.listen(7004);
`,
    },
    {
      name: 'resetAndDestroy() is linger-misuse, not close-without-shutdown',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as net from 'node:net';

const server = net.createServer((sock) => {
  sock.resetAndDestroy();
});
server.listen(7005);
`,
    },
    {
      name: 'servers are closed, dgram sockets are not connections',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as dgram from 'node:dgram';
import * as net from 'node:net';

const server = net.createServer((sock) => {
  sock.end('hello\\n');
});
server.listen(7006);
const udp = dgram.createSocket('udp4');
udp.bind(7007);
process.on('SIGTERM', () => {
  server.close();
  udp.close();
});
`,
    },
    {
      name: 'CommonJS: end() then destroy on a timer, and destroy in the error handler',
      lang: 'cjs',
      compile: 'node',
      code: `const net = require('net');

const server = net.createServer((socket) => {
  socket.on('error', () => socket.destroy());
  socket.on('data', (data) => {
    if (data.toString().trim() === 'quit') {
      socket.end('bye\\n');
      setTimeout(() => socket.destroy(), 5000);
    }
  });
});
server.listen(7008);
`,
    },
    {
      name: "ESM JavaScript: destroy in the 'end' handler after end() on data",
      lang: 'mjs',
      compile: 'node',
      code: `import * as net from 'node:net';

const client = net.connect(7009, 'localhost');
client.on('data', (buf) => {
  if (buf.includes('BYE')) {
    client.end();
  }
  if (client.writableEnded) {
    return;
  }
  client.write('PING\\n');
});
client.on('end', () => client.destroy());
`,
    },
    {
      name: 'end() directly followed by destroy(): an end() came first on that path',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as net from 'node:net';

export function finish(sock: net.Socket): void {
  sock.end('bye\\n');
  sock.destroy();
}
`,
    },
    {
      name: "a local 'net' object that is not Node's net module",
      lang: 'ts',
      compile: 'tsc',
      code: `interface FakeSocket {
  write(s: string): void;
  destroy(): void;
}

const net = {
  createServer(listener: (s: FakeSocket) => void): void {
    listener({ write: () => undefined, destroy: () => undefined });
  },
};

net.createServer((sock) => {
  sock.write('hi');
  sock.destroy();
});
`,
    },
    {
      name: "CommonJS: destructured require('net') Socket, never connected",
      lang: 'cjs',
      compile: 'node',
      code: `const { Socket } = require('net');

function probe() {
  const s = new Socket();
  s.destroy();
}

module.exports = { probe };
`,
    },
    {
      name: 'the connection is handed to a Set (unknown code) before the handler that destroys it',
      lang: 'ts',
      compile: 'tsc',
      code: `import { createServer, Socket } from 'net';

const clients = new Set<Socket>();
const server = createServer();
server.on('connection', (conn) => {
  clients.add(conn);
  conn.on('data', (buf) => {
    if (buf.toString() === 'kick') {
      conn.destroy();
    }
  });
});
server.listen(7024);
`,
    },
  ],

  invalid: [
    {
      // Only 'error', 'timeout', 'close', 'end' and 'finish' listeners start on a broken connection.
      name: "a named 'data' listener that destroys the socket is still reported",
      lang: 'ts',
      compile: 'tsc',
      code: `import * as net from 'node:net';

export function serve(sock: net.Socket): void {
  const onData = (chunk: Buffer) => {
    if (chunk.length > 1024) sock.destroy();
  };
  sock.on('data', onData);
}
`,
      errors: [{ messageId: 'destroyWithoutEnd', text: 'sock.destroy()' }],
      safe: false,
      output: `import * as net from 'node:net';

export function serve(sock: net.Socket): void {
  const onData = (chunk: Buffer) => {
    if (chunk.length > 1024) sock.end();
  };
  sock.on('data', onData);
}
`,
    },
    {
      // The timer goes in a new statement after this one; where a repaired statement ends is a guess.
      name: 'no timer is added after a statement the parser had to repair',
      lang: 'ts',
      code: `import * as net from 'node:net';

const server = net.createServer((sock) => {
  sock.write('ok');
  sock.destroy(
});
server.listen(8080);
`,
      errors: [{ messageId: 'destroyWithoutEnd', text: 'sock.destroy(' }],
      safe: false,
      output: `import * as net from 'node:net';

const server = net.createServer((sock) => {
  sock.write('ok');
  sock.end(
});
server.listen(8080);
`,
      otherFixes: [{ titleIncludes: '5 s', output: null, absent: true }],
    },
    {
      name: 'net.createServer connection listener: destroy after write',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as net from 'node:net';

const server = net.createServer((sock) => {
  sock.write('HTTP/1.1 200 OK\\r\\nContent-Length: 2\\r\\n\\r\\nok');
  sock.destroy();
});
server.listen(8080);
`,
      errors: [{ messageId: 'destroyWithoutEnd', text: 'sock.destroy()', messageIncludes: 'end()', severity: 'warning' }],
      safe: false,
      output: `import * as net from 'node:net';

const server = net.createServer((sock) => {
  sock.write('HTTP/1.1 200 OK\\r\\nContent-Length: 2\\r\\n\\r\\nok');
  sock.end();
});
server.listen(8080);
`,
      otherFixes: [
        {
          titleIncludes: '5 s',
          preferred: false,
          output: `import * as net from 'node:net';

const server = net.createServer((sock) => {
  sock.write('HTTP/1.1 200 OK\\r\\nContent-Length: 2\\r\\n\\r\\nok');
  sock.end();
  sock.setTimeout(5000, () => sock.destroy());
});
server.listen(8080);
`,
        },
      ],
    },
    {
      name: "createConnection imported by name: destroy in a 'data' handler",
      lang: 'ts',
      compile: 'tsc',
      code: `import { createConnection } from 'net';

const client = createConnection({ host: 'example.com', port: 80 }, () => {
  client.write('GET / HTTP/1.0\\r\\n\\r\\n');
});
client.on('data', (chunk) => {
  process.stdout.write(chunk);
  client.destroy();
});
`,
      errors: [{ messageId: 'destroyWithoutEnd', text: 'client.destroy()' }],
      safe: false,
      output: `import { createConnection } from 'net';

const client = createConnection({ host: 'example.com', port: 80 }, () => {
  client.write('GET / HTTP/1.0\\r\\n\\r\\n');
});
client.on('data', (chunk) => {
  process.stdout.write(chunk);
  client.end();
});
`,
    },
    {
      name: 'new net.Socket() then connect(): destroy in the connect callback',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as net from 'node:net';

export function probe(host: string, port: number): void {
  const s = new net.Socket();
  s.connect(port, host, () => {
    s.write('PING\\n');
    s.destroy();
  });
}
`,
      errors: [{ messageId: 'destroyWithoutEnd', text: 's.destroy()', related: "s.connect(port, host, () => {\n    s.write('PING\\n');\n    s.destroy();\n  })" }],
      safe: false,
      output: `import * as net from 'node:net';

export function probe(host: string, port: number): void {
  const s = new net.Socket();
  s.connect(port, host, () => {
    s.write('PING\\n');
    s.end();
  });
}
`,
    },
    {
      name: 'tls.connect: destroy after the first response',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as tls from 'node:tls';

const socket = tls.connect(443, 'example.com', { servername: 'example.com' }, () => {
  socket.write('GET / HTTP/1.1\\r\\nHost: example.com\\r\\nConnection: close\\r\\n\\r\\n');
});
socket.once('data', (data) => {
  console.log(data.toString('utf8'));
  socket.destroy();
});
`,
      errors: [{ messageId: 'destroyWithoutEnd', text: 'socket.destroy()' }],
      safe: false,
      output: `import * as tls from 'node:tls';

const socket = tls.connect(443, 'example.com', { servername: 'example.com' }, () => {
  socket.write('GET / HTTP/1.1\\r\\nHost: example.com\\r\\nConnection: close\\r\\n\\r\\n');
});
socket.once('data', (data) => {
  console.log(data.toString('utf8'));
  socket.end();
});
`,
    },
    {
      name: "server.on('connection'): over the limit, destroyed on one path",
      lang: 'ts',
      compile: 'tsc',
      code: `import { createServer, Socket } from 'net';

const MAX_CLIENTS = 100;
const clients = new Set<Socket>();
const server = createServer();
server.on('connection', (conn) => {
  if (clients.size >= MAX_CLIENTS) {
    conn.write('busy\\r\\n');
    conn.destroy();
    return;
  }
  clients.add(conn);
  conn.on('close', () => clients.delete(conn));
});
server.listen(2323);
`,
      errors: [{ messageId: 'destroyWithoutEnd', text: 'conn.destroy()' }],
      safe: false,
      output: `import { createServer, Socket } from 'net';

const MAX_CLIENTS = 100;
const clients = new Set<Socket>();
const server = createServer();
server.on('connection', (conn) => {
  if (clients.size >= MAX_CLIENTS) {
    conn.write('busy\\r\\n');
    conn.end();
    return;
  }
  clients.add(conn);
  conn.on('close', () => clients.delete(conn));
});
server.listen(2323);
`,
    },
    {
      name: "tls.createServer 'secureConnection': unauthorized client destroyed",
      lang: 'ts',
      compile: 'tsc',
      code: `import { readFileSync } from 'node:fs';
import * as tls from 'node:tls';

const server = tls.createServer({
  key: readFileSync('server-key.pem'),
  cert: readFileSync('server-cert.pem'),
  requestCert: true,
});
server.on('secureConnection', (tlsSocket) => {
  if (!tlsSocket.authorized) {
    tlsSocket.destroy();
    return;
  }
  tlsSocket.write('welcome\\n');
  tlsSocket.end();
});
server.listen(8443);
`,
      errors: [{ messageId: 'destroyWithoutEnd', text: 'tlsSocket.destroy()' }],
      safe: false,
      output: `import { readFileSync } from 'node:fs';
import * as tls from 'node:tls';

const server = tls.createServer({
  key: readFileSync('server-key.pem'),
  cert: readFileSync('server-cert.pem'),
  requestCert: true,
});
server.on('secureConnection', (tlsSocket) => {
  if (!tlsSocket.authorized) {
    tlsSocket.end();
    return;
  }
  tlsSocket.write('welcome\\n');
  tlsSocket.end();
});
server.listen(8443);
`,
    },
    {
      name: 'tls.createServer connection listener as the second argument',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as tls from 'node:tls';

export function start(options: tls.TlsOptions): tls.Server {
  return tls.createServer(options, (socket) => {
    socket.write('220 ready\\r\\n');
    socket.destroy();
  });
}
`,
      errors: [{ messageId: 'destroyWithoutEnd', text: 'socket.destroy()' }],
      safe: false,
      output: `import * as tls from 'node:tls';

export function start(options: tls.TlsOptions): tls.Server {
  return tls.createServer(options, (socket) => {
    socket.write('220 ready\\r\\n');
    socket.end();
  });
}
`,
    },
    {
      name: 'a net.Socket parameter of an exported function the file never calls',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as net from 'node:net';

export function kick(socket: net.Socket, reason: string): void {
  socket.write(\`bye: \${reason}\\n\`);
  socket.destroy();
}
`,
      errors: [{ messageId: 'destroyWithoutEnd', text: 'socket.destroy()' }],
      safe: false,
      output: `import * as net from 'node:net';

export function kick(socket: net.Socket, reason: string): void {
  socket.write(\`bye: \${reason}\\n\`);
  socket.end();
}
`,
    },
    {
      name: 'a class field annotated Socket (imported from net)',
      lang: 'ts',
      compile: 'tsc',
      code: `import { Socket } from 'net';

export class Session {
  private readonly sock: Socket;

  constructor(sock: Socket) {
    this.sock = sock;
  }

  close(): void {
    this.sock.destroy();
  }
}
`,
      errors: [{ messageId: 'destroyWithoutEnd', text: 'this.sock.destroy()' }],
      safe: false,
      output: `import { Socket } from 'net';

export class Session {
  private readonly sock: Socket;

  constructor(sock: Socket) {
    this.sock = sock;
  }

  close(): void {
    this.sock.end();
  }
}
`,
    },
    {
      name: 'a tls.TLSSocket parameter; the backstop fix keeps the indentation',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as tls from 'node:tls';

export function hangUp(conn: tls.TLSSocket): void {
  if (conn.writable) {
    conn.write('BYE\\r\\n');
    conn.destroy();
  }
}
`,
      errors: [{ messageId: 'destroyWithoutEnd', text: 'conn.destroy()' }],
      safe: false,
      output: `import * as tls from 'node:tls';

export function hangUp(conn: tls.TLSSocket): void {
  if (conn.writable) {
    conn.write('BYE\\r\\n');
    conn.end();
  }
}
`,
      otherFixes: [
        {
          titleIncludes: '5 s',
          output: `import * as tls from 'node:tls';

export function hangUp(conn: tls.TLSSocket): void {
  if (conn.writable) {
    conn.write('BYE\\r\\n');
    conn.end();
    conn.setTimeout(5000, () => conn.destroy());
  }
}
`,
        },
      ],
    },
    {
      name: 'end() on one branch only: the destroy on the other branch',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as net from 'node:net';

const server = net.createServer((sock) => {
  sock.on('data', (buf) => {
    if (buf[0] === 0x51) {
      sock.end('bye\\n');
    } else {
      sock.destroy();
    }
  });
});
server.listen(7010);
`,
      errors: [{ messageId: 'destroyWithoutEnd', text: 'sock.destroy()' }],
      safe: false,
      output: `import * as net from 'node:net';

const server = net.createServer((sock) => {
  sock.on('data', (buf) => {
    if (buf[0] === 0x51) {
      sock.end('bye\\n');
    } else {
      sock.end();
    }
  });
});
server.listen(7010);
`,
    },
    {
      name: 'destroy() not alone on its line: the backstop fix is not offered',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as net from 'node:net';

const server = net.createServer((sock) => {
  sock.on('data', () => sock.destroy());
});
server.listen(7011);
`,
      errors: [{ messageId: 'destroyWithoutEnd', text: 'sock.destroy()' }],
      safe: false,
      output: `import * as net from 'node:net';

const server = net.createServer((sock) => {
  sock.on('data', () => sock.end());
});
server.listen(7011);
`,
      otherFixes: [{ titleIncludes: '5 s', output: null, absent: true }],
    },
    {
      name: 'two connections destroyed: two findings in order',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as net from 'node:net';

export function bridge(a: net.Socket, b: net.Socket): void {
  a.write('bridge up\\n');
  a.on('data', (buf) => {
    if (buf.includes('\\x04')) {
      a.destroy();
      b.destroy();
    }
  });
}
`,
      errors: [
        { messageId: 'destroyWithoutEnd', text: 'a.destroy()' },
        { messageId: 'destroyWithoutEnd', text: 'b.destroy()' },
      ],
      safe: false,
      output: `import * as net from 'node:net';

export function bridge(a: net.Socket, b: net.Socket): void {
  a.write('bridge up\\n');
  a.on('data', (buf) => {
    if (buf.includes('\\x04')) {
      a.end();
      b.destroy();
    }
  });
}
`,
    },
    {
      name: 'TSX file: connection listener',
      lang: 'tsx',
      compile: 'tsc',
      code: `import * as net from 'node:net';

const server = net.createServer((sock) => {
  sock.write('nope\\n');
  sock.destroy();
});
server.listen(7012);
`,
      errors: [{ messageId: 'destroyWithoutEnd', text: 'sock.destroy()' }],
      safe: false,
      output: `import * as net from 'node:net';

const server = net.createServer((sock) => {
  sock.write('nope\\n');
  sock.end();
});
server.listen(7012);
`,
    },
    {
      name: "CommonJS: const net = require('net')",
      lang: 'cjs',
      compile: 'node',
      code: `const net = require('net');

const server = net.createServer((socket) => {
  socket.on('data', (data) => {
    if (data.toString().trim() === 'quit') {
      socket.destroy();
    }
  });
});
server.listen(7013);
`,
      errors: [{ messageId: 'destroyWithoutEnd', text: 'socket.destroy()' }],
      safe: false,
      output: `const net = require('net');

const server = net.createServer((socket) => {
  socket.on('data', (data) => {
    if (data.toString().trim() === 'quit') {
      socket.end();
    }
  });
});
server.listen(7013);
`,
    },
    {
      name: "JavaScript (.js): destructured require('node:net') connect",
      lang: 'js',
      compile: 'node',
      code: `'use strict';
const { connect } = require('node:net');

const client = connect(6379, '127.0.0.1', () => {
  client.write('PING\\r\\n');
});
client.on('data', () => {
  client.destroy();
});
`,
      errors: [{ messageId: 'destroyWithoutEnd', text: 'client.destroy()' }],
      safe: false,
      output: `'use strict';
const { connect } = require('node:net');

const client = connect(6379, '127.0.0.1', () => {
  client.write('PING\\r\\n');
});
client.on('data', () => {
  client.end();
});
`,
    },
    {
      name: 'ESM JavaScript (.mjs): named imports, tls.connect',
      lang: 'mjs',
      compile: 'node',
      code: `import { connect } from 'node:tls';

const socket = connect({ host: 'example.com', port: 443, servername: 'example.com' }, () => {
  console.log('protocol', socket.getProtocol());
  socket.destroy();
});
`,
      errors: [{ messageId: 'destroyWithoutEnd', text: 'socket.destroy()' }],
      safe: false,
      output: `import { connect } from 'node:tls';

const socket = connect({ host: 'example.com', port: 443, servername: 'example.com' }, () => {
  console.log('protocol', socket.getProtocol());
  socket.end();
});
`,
    },
    {
      name: 'a named connection listener passed to net.createServer',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as net from 'node:net';

function onConnection(socket: net.Socket): void {
  socket.write('hello\\n');
  socket.destroy();
}

const server = net.createServer(onConnection);
server.listen(7020);
`,
      errors: [{ messageId: 'destroyWithoutEnd', text: 'socket.destroy()' }],
      safe: false,
      output: `import * as net from 'node:net';

function onConnection(socket: net.Socket): void {
  socket.write('hello\\n');
  socket.end();
}

const server = net.createServer(onConnection);
server.listen(7020);
`,
    },
    {
      name: 'a global setTimeout without end() first is not a backstop',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as net from 'node:net';

const server = net.createServer((sock) => {
  sock.write('closing in 1s\\n');
  setTimeout(() => sock.destroy(), 1000);
});
server.listen(7021);
`,
      errors: [{ messageId: 'destroyWithoutEnd', text: 'sock.destroy()' }],
      safe: false,
      output: `import * as net from 'node:net';

const server = net.createServer((sock) => {
  sock.write('closing in 1s\\n');
  setTimeout(() => sock.end(), 1000);
});
server.listen(7021);
`,
    },
    {
      name: 'an optional field: this.sock?.destroy()',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as net from 'node:net';

export class Client {
  private sock?: net.Socket;

  connect(port: number): void {
    this.sock = net.connect(port, 'localhost');
  }

  close(): void {
    this.sock?.destroy();
  }
}
`,
      errors: [{ messageId: 'destroyWithoutEnd', text: 'this.sock?.destroy()' }],
      safe: false,
      output: `import * as net from 'node:net';

export class Client {
  private sock?: net.Socket;

  connect(port: number): void {
    this.sock = net.connect(port, 'localhost');
  }

  close(): void {
    this.sock?.end();
  }
}
`,
      otherFixes: [
        {
          titleIncludes: '5 s',
          output: `import * as net from 'node:net';

export class Client {
  private sock?: net.Socket;

  connect(port: number): void {
    this.sock = net.connect(port, 'localhost');
  }

  close(): void {
    this.sock?.end();
    this.sock?.setTimeout(5000, () => this.sock?.destroy());
  }
}
`,
        },
      ],
    },
    {
      name: "ESM JavaScript (.mjs): default import of 'node:net'",
      lang: 'mjs',
      compile: 'node',
      code: `import net from 'node:net';

const server = net.createServer((socket) => {
  socket.write('bye\\n');
  socket.destroy();
});
server.listen(7022);
`,
      errors: [{ messageId: 'destroyWithoutEnd', text: 'socket.destroy()' }],
      safe: false,
      output: `import net from 'node:net';

const server = net.createServer((socket) => {
  socket.write('bye\\n');
  socket.end();
});
server.listen(7022);
`,
    },
    {
      name: "a chained createServer().on('connection', ...)",
      lang: 'ts',
      compile: 'tsc',
      code: `import * as net from 'node:net';

net
  .createServer()
  .on('connection', (s) => {
    s.write('no service\\r\\n');
    s.destroy();
  })
  .listen(7023);
`,
      errors: [{ messageId: 'destroyWithoutEnd', text: 's.destroy()' }],
      safe: false,
      output: `import * as net from 'node:net';

net
  .createServer()
  .on('connection', (s) => {
    s.write('no service\\r\\n');
    s.end();
  })
  .listen(7023);
`,
    },
  ],
});
