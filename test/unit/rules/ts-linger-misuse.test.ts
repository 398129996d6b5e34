// linger-misuse in TypeScript and JavaScript: `socket.resetAndDestroy()` is a linger-zero close (RST)
// on a stream socket, in any state (RULES.md; issue #3).
import { ruleTester } from '../ruleTester';

ruleTester('linger-misuse', {
  valid: [
    {
      name: 'a graceful end()',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as net from 'node:net';

const server = net.createServer((sock) => {
  sock.end('bye\\n');
});
server.listen(7100);
`,
    },
    {
      name: 'destroy() is close-without-shutdown, not linger-misuse',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as net from 'node:net';

const server = net.createServer((sock) => {
  sock.destroy();
});
server.listen(7101);
`,
    },
    {
      name: 'end() with a backstop, the fixed form',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as net from 'node:net';

export function reject(socket: net.Socket): void {
  socket.write('busy, try again later\\r\\n');
  socket.end();
  socket.setTimeout(5000, () => socket.destroy());
}
`,
    },
    {
      name: 'a user class with a resetAndDestroy method is not a socket',
      lang: 'ts',
      compile: 'tsc',
      code: `class Circuit {
  private state: 'open' | 'closed' = 'closed';
  resetAndDestroy(): void {
    this.state = 'open';
  }
}

const breaker = new Circuit();
breaker.resetAndDestroy();
`,
    },
    {
      name: 'an object literal method named resetAndDestroy',
      lang: 'ts',
      compile: 'tsc',
      code: `const cache = {
  entries: new Map<string, string>(),
  resetAndDestroy(): void {
    this.entries.clear();
  },
};

cache.resetAndDestroy();
`,
    },
    {
      name: "a local 'net' that is not Node's net module",
      lang: 'ts',
      compile: 'tsc',
      code: `const net = {
  Socket: class FakeSocket {
    resetAndDestroy(): this {
      return this;
    }
  },
};

const s = new net.Socket();
s.resetAndDestroy();
`,
    },
    {
      name: 'feature detection only reads the method, never calls it',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as net from 'node:net';

export function supportsReset(sock: net.Socket): boolean {
  return typeof sock.resetAndDestroy === 'function';
}
`,
    },
    {
      name: 'suppressed with a socklint-disable-next-line comment',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as net from 'node:net';

const server = net.createServer((sock) => {
  // socklint-disable-next-line linger-misuse -- the test peer expects ECONNRESET
  sock.resetAndDestroy();
});
server.listen(7102);
`,
    },
    {
      name: 'CommonJS: destroy on error and end on data',
      lang: 'cjs',
      compile: 'node',
      code: `const net = require('net');

const server = net.createServer((socket) => {
  socket.on('error', () => socket.destroy());
  socket.on('data', () => socket.end());
});
server.listen(7103);
`,
    },
  ],

  invalid: [
    {
      name: 'connection listener: resetAndDestroy alone on its line',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as net from 'node:net';

const server = net.createServer((sock) => {
  sock.write('busy\\r\\n');
  sock.resetAndDestroy();
});
server.listen(7110);
`,
      errors: [{ messageId: 'resetAndDestroy', text: 'sock.resetAndDestroy()', severity: 'warning' }],
      safe: false,
      output: `import * as net from 'node:net';

const server = net.createServer((sock) => {
  sock.write('busy\\r\\n');
  sock.end();
  sock.setTimeout(5000, () => sock.destroy());
});
server.listen(7110);
`,
    },
    {
      name: "an arrow's expression body: resetAndDestroy becomes end",
      lang: 'ts',
      compile: 'tsc',
      code: `import * as net from 'node:net';

const server = net.createServer((sock) => {
  sock.on('data', () => sock.resetAndDestroy());
});
server.listen(7111);
`,
      errors: [{ messageId: 'resetAndDestroy', text: 'sock.resetAndDestroy()' }],
      safe: false,
      output: `import * as net from 'node:net';

const server = net.createServer((sock) => {
  sock.on('data', () => sock.end());
});
server.listen(7111);
`,
    },
    {
      name: "in an 'error' handler too (any state)",
      lang: 'ts',
      compile: 'tsc',
      code: `import { createConnection } from 'net';

const client = createConnection(7112, 'localhost');
client.on('error', (err) => {
  console.error(err);
  client.resetAndDestroy();
});
`,
      errors: [{ messageId: 'resetAndDestroy', text: 'client.resetAndDestroy()' }],
      safe: false,
      output: `import { createConnection } from 'net';

const client = createConnection(7112, 'localhost');
client.on('error', (err) => {
  console.error(err);
  client.end();
  client.setTimeout(5000, () => client.destroy());
});
`,
    },
    {
      name: 'tls.connect socket reset in its setTimeout callback',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as tls from 'node:tls';

const socket = tls.connect(443, 'example.com', { servername: 'example.com' });
socket.setTimeout(10_000, () => {
  socket.resetAndDestroy();
});
`,
      errors: [{ messageId: 'resetAndDestroy', text: 'socket.resetAndDestroy()' }],
      safe: false,
      output: `import * as tls from 'node:tls';

const socket = tls.connect(443, 'example.com', { servername: 'example.com' });
socket.setTimeout(10_000, () => {
  socket.end();
  socket.setTimeout(5000, () => socket.destroy());
});
`,
    },
    {
      name: 'a net.Socket parameter: reject()',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as net from 'node:net';

export function reject(socket: net.Socket): void {
  socket.write('busy, try again later\\r\\n');
  socket.resetAndDestroy();
}
`,
      errors: [{ messageId: 'resetAndDestroy', text: 'socket.resetAndDestroy()' }],
      safe: false,
      output: `import * as net from 'node:net';

export function reject(socket: net.Socket): void {
  socket.write('busy, try again later\\r\\n');
  socket.end();
  socket.setTimeout(5000, () => socket.destroy());
}
`,
    },
    {
      name: 'a class field: this.sock.resetAndDestroy()',
      lang: 'ts',
      compile: 'tsc',
      code: `import { Socket } from 'net';

export class Peer {
  constructor(private readonly sock: Socket) {}

  abort(): void {
    this.sock.resetAndDestroy();
  }
}
`,
      errors: [{ messageId: 'resetAndDestroy', text: 'this.sock.resetAndDestroy()' }],
      safe: false,
      output: `import { Socket } from 'net';

export class Peer {
  constructor(private readonly sock: Socket) {}

  abort(): void {
    this.sock.end();
    this.sock.setTimeout(5000, () => this.sock.destroy());
  }
}
`,
    },
    {
      name: 'if without braces on one line: only the method name changes',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as net from 'node:net';

const server = net.createServer((sock) => {
  sock.on('data', (buf) => {
    if (buf.length > 4096) sock.resetAndDestroy();
  });
});
server.listen(7113);
`,
      errors: [{ messageId: 'resetAndDestroy', text: 'sock.resetAndDestroy()' }],
      safe: false,
      output: `import * as net from 'node:net';

const server = net.createServer((sock) => {
  sock.on('data', (buf) => {
    if (buf.length > 4096) sock.end();
  });
});
server.listen(7113);
`,
    },
    {
      name: 'the result is returned: only the method name changes',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as net from 'node:net';

export function abort(sock: net.Socket): net.Socket {
  return sock.resetAndDestroy();
}
`,
      errors: [{ messageId: 'resetAndDestroy', text: 'sock.resetAndDestroy()' }],
      safe: false,
      output: `import * as net from 'node:net';

export function abort(sock: net.Socket): net.Socket {
  return sock.end();
}
`,
    },
    {
      name: 'a new net.Socket that was never connected (any state)',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as net from 'node:net';

export function spare(): void {
  const s = new net.Socket();
  s.resetAndDestroy();
}
`,
      errors: [{ messageId: 'resetAndDestroy', text: 's.resetAndDestroy()' }],
      safe: false,
      output: `import * as net from 'node:net';

export function spare(): void {
  const s = new net.Socket();
  s.end();
  s.setTimeout(5000, () => s.destroy());
}
`,
    },
    {
      name: "server.on('connection') with two resets",
      lang: 'ts',
      compile: 'tsc',
      code: `import * as net from 'node:net';

const banned = new Set<string>(['10.0.0.66']);
const server = net.createServer();
server.on('connection', (conn) => {
  if (banned.has(conn.remoteAddress ?? '')) {
    conn.resetAndDestroy();
    return;
  }
  conn.once('data', (hello) => {
    if (!hello.toString().startsWith('HELLO')) {
      conn.resetAndDestroy();
    }
  });
});
server.listen(7114);
`,
      errors: [
        { messageId: 'resetAndDestroy', text: 'conn.resetAndDestroy()', occurrence: 1 },
        { messageId: 'resetAndDestroy', text: 'conn.resetAndDestroy()', occurrence: 2 },
      ],
      safe: false,
      output: `import * as net from 'node:net';

const banned = new Set<string>(['10.0.0.66']);
const server = net.createServer();
server.on('connection', (conn) => {
  if (banned.has(conn.remoteAddress ?? '')) {
    conn.end();
    conn.setTimeout(5000, () => conn.destroy());
    return;
  }
  conn.once('data', (hello) => {
    if (!hello.toString().startsWith('HELLO')) {
      conn.resetAndDestroy();
    }
  });
});
server.listen(7114);
`,
    },
    {
      name: "CommonJS: require('net') connection listener",
      lang: 'cjs',
      compile: 'node',
      code: `const net = require('net');

net.createServer((socket) => {
  socket.resetAndDestroy();
}).listen(7115);
`,
      errors: [{ messageId: 'resetAndDestroy', text: 'socket.resetAndDestroy()' }],
      safe: false,
      output: `const net = require('net');

net.createServer((socket) => {
  socket.end();
  socket.setTimeout(5000, () => socket.destroy());
}).listen(7115);
`,
    },
    {
      name: 'ESM JavaScript (.mjs): createServer imported by name',
      lang: 'mjs',
      compile: 'node',
      code: `import { createServer } from 'node:net';

const server = createServer((socket) => {
  socket.once('data', () => {
    socket.resetAndDestroy();
  });
});
server.listen(7116);
`,
      errors: [{ messageId: 'resetAndDestroy', text: 'socket.resetAndDestroy()' }],
      safe: false,
      output: `import { createServer } from 'node:net';

const server = createServer((socket) => {
  socket.once('data', () => {
    socket.end();
    socket.setTimeout(5000, () => socket.destroy());
  });
});
server.listen(7116);
`,
    },
    {
      name: "CommonJS: destructured Socket from require('net'), connected then reset",
      lang: 'cjs',
      compile: 'node',
      code: `const { Socket } = require('net');

const s = new Socket();
s.connect(7117, 'localhost', () => {
  s.resetAndDestroy();
});
`,
      errors: [{ messageId: 'resetAndDestroy', text: 's.resetAndDestroy()' }],
      safe: false,
      output: `const { Socket } = require('net');

const s = new Socket();
s.connect(7117, 'localhost', () => {
  s.end();
  s.setTimeout(5000, () => s.destroy());
});
`,
    },
    {
      name: 'optional call on an optional field: this.sock?.resetAndDestroy()',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as tls from 'node:tls';

export class Upstream {
  private sock?: tls.TLSSocket;

  open(): void {
    this.sock = tls.connect(443, 'example.com');
  }

  abort(): void {
    this.sock?.resetAndDestroy();
  }
}
`,
      errors: [{ messageId: 'resetAndDestroy', text: 'this.sock?.resetAndDestroy()' }],
      safe: false,
      output: `import * as tls from 'node:tls';

export class Upstream {
  private sock?: tls.TLSSocket;

  open(): void {
    this.sock = tls.connect(443, 'example.com');
  }

  abort(): void {
    this.sock?.end();
    this.sock?.setTimeout(5000, () => this.sock?.destroy());
  }
}
`,
    },
  ],
});
