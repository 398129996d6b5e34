// Winsock through FFI bindings in TypeScript and JavaScript (koffi, ffi-napi, ffi-rs): the C rules
// apply to `socket`/`bind`/`setsockopt`/`listen`/`shutdown`/`closesocket` bound from ws2_32, with
// option constants resolved from local `const` declarations (RULES.md; issue #3).
//
// None of the FFI packages is installed: the TypeScript snippets are type-checked against small
// ambient declarations of their APIs (test/helpers/tsc.ts), the JavaScript ones with node --check.
import { ruleTester } from '../ruleTester';

/** koffi, with prototypes parsed from C declarations. */
const KOFFI = `import koffi from 'koffi';

const AF_INET = 2;
const SOCK_STREAM = 1;
const IPPROTO_TCP = 6;
const SOL_SOCKET = 0xffff;
const SO_REUSEADDR = 0x0004;
const SO_KEEPALIVE = 0x0008;
const SO_EXCLUSIVEADDRUSE = ~SO_REUSEADDR;

const ws2 = koffi.load('ws2_32.dll');
const socket = ws2.func('uintptr_t __stdcall socket(int af, int type, int protocol)');
const bind = ws2.func('int __stdcall bind(uintptr_t s, const void *name, int namelen)');
const setsockopt = ws2.func('int __stdcall setsockopt(uintptr_t s, int level, int optname, const void *optval, int optlen)');
const listen = ws2.func('int __stdcall listen(uintptr_t s, int backlog)');

function sockaddrIn(port: number): Buffer {
  const addr = Buffer.alloc(16);
  addr.writeUInt16LE(AF_INET, 0);
  addr.writeUInt16BE(port, 2);
  return addr;
}

`;

/** koffi, with the functions a server needs to accept and close connections. */
const KOFFI_SERVER =
  KOFFI +
  `const accept = ws2.func('uintptr_t __stdcall accept(uintptr_t s, void *addr, int *addrlen)');
const recv = ws2.func('int __stdcall recv(uintptr_t s, void *buf, int len, int flags)');
const send = ws2.func('int __stdcall send(uintptr_t s, const void *buf, int len, int flags)');
const shutdown = ws2.func('int __stdcall shutdown(uintptr_t s, int how)');
const closesocket = ws2.func('int __stdcall closesocket(uintptr_t s)');
const SD_SEND = 1;

`;

/** koffi, with the name / result / parameters form. */
const KOFFI_SPLIT = `import koffi from 'koffi';

const SOL_SOCKET = 0xffff;
const SO_EXCLUSIVEADDRUSE = ~4;

const ws2 = koffi.load('ws2_32.dll');
const socket = ws2.func('socket', 'uintptr_t', ['int', 'int', 'int']);
const bind = ws2.func('bind', 'int', ['uintptr_t', 'void *', 'int']);
const setsockopt = ws2.func('setsockopt', 'int', ['uintptr_t', 'int', 'int', 'void *', 'int']);
const listen = ws2.func('listen', 'int', ['uintptr_t', 'int']);

`;

/** ffi-napi with ref-napi types. */
const FFI_NAPI = `import ffi from 'ffi-napi';
import ref from 'ref-napi';

const SOL_SOCKET = 0xffff;
const SO_REUSEADDR = 4;
const SO_EXCLUSIVEADDRUSE = -5;

const voidPtr = ref.refType(ref.types.void);
const ws2 = ffi.Library('ws2_32', {
  socket: ['uint64', ['int', 'int', 'int']],
  bind: ['int', ['uint64', voidPtr, 'int']],
  setsockopt: ['int', ['uint64', 'int', 'int', voidPtr, 'int']],
  listen: ['int', ['uint64', 'int']],
  closesocket: ['int', ['uint64']],
  shutdown: ['int', ['uint64', 'int']],
});

`;

/** ffi-rs: every call names its function. */
const FFI_RS = `import { DataType, load, open } from 'ffi-rs';

const AF_INET = 2;
const SOCK_STREAM = 1;
const SOL_SOCKET = 0xffff;
const SO_EXCLUSIVEADDRUSE = ~4;

open({ library: 'ws2_32', path: 'ws2_32.dll' });

`;

ruleTester('setsockopt-after-bind', {
  valid: [
    {
      name: 'koffi: SO_EXCLUSIVEADDRUSE before the bind',
      lang: 'ts',
      compile: 'tsc',
      code:
        KOFFI +
        `export function serve(port: number): number {
  const s: number = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
  const on = Buffer.from([1, 0, 0, 0]);
  if (setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, on, on.length) !== 0) {
    throw new Error('setsockopt failed');
  }
  const addr = sockaddrIn(port);
  if (bind(s, addr, addr.length) !== 0) {
    throw new Error('bind failed');
  }
  listen(s, 128);
  return s;
}
`,
    },
    {
      name: 'koffi: SO_KEEPALIVE after the bind is fine',
      lang: 'ts',
      compile: 'tsc',
      code:
        KOFFI +
        `export function serve(port: number): number {
  const s: number = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
  const addr = sockaddrIn(port);
  if (bind(s, addr, addr.length) !== 0) {
    throw new Error('bind failed');
  }
  const on = Buffer.from([1, 0, 0, 0]);
  setsockopt(s, SOL_SOCKET, SO_KEEPALIVE, on, on.length);
  listen(s, 128);
  return s;
}
`,
    },
    {
      name: 'koffi: the option is set on another socket',
      lang: 'ts',
      compile: 'tsc',
      code:
        KOFFI +
        `export function pair(port: number): [number, number] {
  const a: number = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
  const b: number = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
  const addr = sockaddrIn(port);
  if (bind(a, addr, addr.length) !== 0) {
    throw new Error('bind failed');
  }
  const on = Buffer.from([1, 0, 0, 0]);
  setsockopt(b, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, on, on.length);
  listen(a, 128);
  return [a, b];
}
`,
    },
    {
      name: 'Function.prototype.bind with the socket among its arguments is not a bind',
      lang: 'ts',
      compile: 'tsc',
      code:
        KOFFI +
        `function report(this: unknown, s: number, port: number): void {
  console.log('listening', s, port);
}

export class Listener {
  private readonly s: number = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);

  constructor(private readonly port: number) {
    this.onError = this.onError.bind(this);
  }

  start(): void {
    const announce = report.bind(null, this.s, this.port);
    const on = Buffer.from([1, 0, 0, 0]);
    setsockopt(this.s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, on, on.length);
    const addr = sockaddrIn(this.port);
    if (bind(this.s, addr, addr.length) !== 0) {
      this.onError();
      return;
    }
    listen(this.s, 128);
    announce();
  }

  onError(): void {
    console.error('bind failed');
  }
}
`,
    },
    {
      name: 'a function named bind that is not from the FFI library',
      lang: 'ts',
      compile: 'tsc',
      code: `import koffi from 'koffi';

const SOL_SOCKET = 0xffff;
const SO_EXCLUSIVEADDRUSE = ~4;

const ws2 = koffi.load('ws2_32.dll');
const setsockopt = ws2.func('int __stdcall setsockopt(uintptr_t s, int level, int optname, const void *optval, int optlen)');

const routes = new Map<string, number>();

function bind(name: string, s: number, port: number): void {
  routes.set(name, s * 65536 + port);
}

export function register(s: number): void {
  bind('http', s, 8080);
  const on = Buffer.from([1, 0, 0, 0]);
  setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, on, on.length);
}
`,
    },
    {
      name: 'an option that is not a const of the file (a parameter)',
      lang: 'ts',
      compile: 'tsc',
      code:
        KOFFI +
        `export function setOption(s: number, port: number, option: number): void {
  const addr = sockaddrIn(port);
  if (bind(s, addr, addr.length) !== 0) {
    throw new Error('bind failed');
  }
  const on = Buffer.from([1, 0, 0, 0]);
  setsockopt(s, SOL_SOCKET, option, on, on.length);
}
`,
    },
    {
      name: 'bind and setsockopt in branches that never run together',
      lang: 'ts',
      compile: 'tsc',
      code:
        KOFFI +
        `export function step(s: number, port: number, configureOnly: boolean): void {
  const on = Buffer.from([1, 0, 0, 0]);
  if (configureOnly) {
    setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, on, on.length);
  } else {
    const addr = sockaddrIn(port);
    bind(s, addr, addr.length);
    listen(s, 16);
  }
}
`,
    },
    {
      name: 'ffi-napi: SO_EXCLUSIVEADDRUSE (-5) before ws2.bind',
      lang: 'ts',
      compile: 'tsc',
      code:
        FFI_NAPI +
        `export function serve(addr: Buffer): number {
  const s: number = ws2.socket(2, 1, 6);
  const on = Buffer.from([1, 0, 0, 0]);
  ws2.setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, on, 4);
  if (ws2.bind(s, addr, addr.length) !== 0) {
    throw new Error('bind failed');
  }
  ws2.listen(s, 64);
  return s;
}
`,
    },
    {
      name: 'ffi-rs: SO_EXCLUSIVEADDRUSE before the bind',
      lang: 'ts',
      compile: 'tsc',
      code:
        FFI_RS +
        `export function serve(addr: Buffer): number {
  const s: number = load({ library: 'ws2_32', funcName: 'socket', retType: DataType.I64, paramsType: [DataType.I32, DataType.I32, DataType.I32], paramsValue: [AF_INET, SOCK_STREAM, 6] });
  const on = Buffer.from([1, 0, 0, 0]);
  load({ library: 'ws2_32', funcName: 'setsockopt', retType: DataType.I32, paramsType: [DataType.I64, DataType.I32, DataType.I32, DataType.U8Array, DataType.I32], paramsValue: [s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, on, 4] });
  load({ library: 'ws2_32', funcName: 'bind', retType: DataType.I32, paramsType: [DataType.I64, DataType.U8Array, DataType.I32], paramsValue: [s, addr, addr.length] });
  load({ library: 'ws2_32', funcName: 'listen', retType: DataType.I32, paramsType: [DataType.I64, DataType.I32], paramsValue: [s, 64] });
  return s;
}
`,
    },
    {
      name: "Node's dgram bind is not a Winsock bind",
      lang: 'ts',
      compile: 'tsc',
      code:
        KOFFI +
        `import * as dgram from 'node:dgram';

export function mixed(s: number): void {
  const udp = dgram.createSocket('udp4');
  udp.bind(41234);
  const on = Buffer.from([1, 0, 0, 0]);
  setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, on, on.length);
  udp.close();
}
`,
    },
    {
      name: "CommonJS: const koffi = require('koffi'), option before bind",
      lang: 'cjs',
      compile: 'node',
      code: `const koffi = require('koffi');

const SOL_SOCKET = 0xffff;
const SO_EXCLUSIVEADDRUSE = ~4;

const ws2 = koffi.load('ws2_32.dll');
const bind = ws2.func('int __stdcall bind(uintptr_t s, const void *name, int namelen)');
const setsockopt = ws2.func('int __stdcall setsockopt(uintptr_t s, int level, int optname, const void *optval, int optlen)');

function serve(s, addr) {
  const on = Buffer.from([1, 0, 0, 0]);
  setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, on, 4);
  return bind(s, addr, addr.length);
}

module.exports = { serve };
`,
    },
    {
      name: 'ffi-napi: SO_RCVBUF after the bind is fine',
      lang: 'ts',
      compile: 'tsc',
      code:
        FFI_NAPI +
        `const SO_RCVBUF = 0x1002;

export function serve(addr: Buffer): number {
  const s: number = ws2.socket(2, 2, 17);
  if (ws2.bind(s, addr, addr.length) !== 0) {
    throw new Error('bind failed');
  }
  const size = Buffer.alloc(4);
  size.writeInt32LE(1 << 20);
  ws2.setsockopt(s, SOL_SOCKET, SO_RCVBUF, size, 4);
  return s;
}
`,
    },
  ],

  invalid: [
    {
      // The mistake is the same on POSIX: SO_REUSEADDR set after bind does nothing there either.
      name: 'koffi bound from libc: a POSIX setsockopt after bind is late too',
      lang: 'ts',
      compile: 'tsc',
      code: `import koffi from 'koffi';

const SOL_SOCKET = 1;
const SO_REUSEADDR = 2;

const libc = koffi.load('libc.so.6');
const bind = libc.func('int bind(int fd, const void *addr, int len)');
const setsockopt = libc.func('int setsockopt(int fd, int level, int optname, const void *optval, int optlen)');

export function reuse(fd: number, addr: Buffer): void {
  bind(fd, addr, addr.length);
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, Buffer.from([1, 0, 0, 0]), 4);
}
`,
      errors: [{ messageId: 'afterBind', text: 'setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, Buffer.from([1, 0, 0, 0]), 4)', related: 'bind(fd, addr, addr.length)' }],
      safe: true,
      output: `import koffi from 'koffi';

const SOL_SOCKET = 1;
const SO_REUSEADDR = 2;

const libc = koffi.load('libc.so.6');
const bind = libc.func('int bind(int fd, const void *addr, int len)');
const setsockopt = libc.func('int setsockopt(int fd, int level, int optname, const void *optval, int optlen)');

export function reuse(fd: number, addr: Buffer): void {
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, Buffer.from([1, 0, 0, 0]), 4);
  bind(fd, addr, addr.length);
}
`,
    },
    {
      name: 'koffi: SO_EXCLUSIVEADDRUSE (~SO_REUSEADDR) after a checked bind; the declaration moves along',
      lang: 'ts',
      compile: 'tsc',
      code:
        KOFFI +
        `export function serve(port: number): number {
  const s: number = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
  const addr = sockaddrIn(port);
  if (bind(s, addr, addr.length) !== 0) {
    throw new Error('bind failed');
  }
  const on = Buffer.from([1, 0, 0, 0]);
  setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, on, on.length);
  listen(s, 128);
  return s;
}
`,
      errors: [
        {
          messageId: 'afterBind',
          text: 'setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, on, on.length)',
          severity: 'warning',
          related: 'bind(s, addr, addr.length)',
          messageIncludes: 'SO_EXCLUSIVEADDRUSE',
        },
      ],
      safe: true,
      output:
        KOFFI +
        `export function serve(port: number): number {
  const s: number = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
  const addr = sockaddrIn(port);
  const on = Buffer.from([1, 0, 0, 0]);
  setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, on, on.length);
  if (bind(s, addr, addr.length) !== 0) {
    throw new Error('bind failed');
  }
  listen(s, 128);
  return s;
}
`,
    },
    {
      name: 'koffi name/result/parameters form: SO_EXCLUSIVEADDRUSE = ~4 after an unchecked bind',
      lang: 'ts',
      compile: 'tsc',
      code:
        KOFFI_SPLIT +
        `export function serve(addr: Buffer): number {
  const on = Buffer.from([1, 0, 0, 0]);
  const s: number = socket(2, 1, 6);
  bind(s, addr, addr.length);
  setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, on, 4);
  listen(s, 128);
  return s;
}
`,
      errors: [{ messageId: 'afterBind', text: 'setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, on, 4)', related: 'bind(s, addr, addr.length)' }],
      safe: true,
      output:
        KOFFI_SPLIT +
        `export function serve(addr: Buffer): number {
  const on = Buffer.from([1, 0, 0, 0]);
  const s: number = socket(2, 1, 6);
  setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, on, 4);
  bind(s, addr, addr.length);
  listen(s, 128);
  return s;
}
`,
    },
    {
      name: 'koffi: the option spelled ~SO_REUSEADDR in the call, wrapped in its result check',
      lang: 'ts',
      compile: 'tsc',
      code:
        KOFFI +
        `export function serve(port: number): number {
  const s: number = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
  const on = Buffer.from([1, 0, 0, 0]);
  const addr = sockaddrIn(port);
  if (bind(s, addr, addr.length) !== 0) {
    throw new Error('bind failed');
  }
  if (setsockopt(s, SOL_SOCKET, ~SO_REUSEADDR, on, on.length) !== 0) {
    throw new Error('setsockopt failed');
  }
  listen(s, 128);
  return s;
}
`,
      errors: [{ messageId: 'afterBind', text: 'setsockopt(s, SOL_SOCKET, ~SO_REUSEADDR, on, on.length)' }],
      safe: true,
      output:
        KOFFI +
        `export function serve(port: number): number {
  const s: number = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
  const on = Buffer.from([1, 0, 0, 0]);
  const addr = sockaddrIn(port);
  if (setsockopt(s, SOL_SOCKET, ~SO_REUSEADDR, on, on.length) !== 0) {
    throw new Error('setsockopt failed');
  }
  if (bind(s, addr, addr.length) !== 0) {
    throw new Error('bind failed');
  }
  listen(s, 128);
  return s;
}
`,
    },
    {
      name: "koffi: the '__stdcall' convention form and SO_EXCLUSIVEADDRUSE = -5",
      lang: 'ts',
      compile: 'tsc',
      code: `import koffi from 'koffi';

const SOL_SOCKET = 0xffff;
const SO_EXCLUSIVEADDRUSE = -5;

const lib = koffi.load('ws2_32');
const bind = lib.func('__stdcall', 'bind', 'int', ['uintptr_t', 'void *', 'int']);
const setsockopt = lib.func('__stdcall', 'setsockopt', 'int', ['uintptr_t', 'int', 'int', 'void *', 'int']);

export function claim(s: number, addr: Buffer): void {
  const rc: number = bind(s, addr, addr.length);
  if (rc !== 0) {
    throw new Error(\`bind: \${rc}\`);
  }
  setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, Buffer.from([1, 0, 0, 0]), 4);
}
`,
      errors: [{ messageId: 'afterBind', text: 'setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, Buffer.from([1, 0, 0, 0]), 4)', related: 'bind(s, addr, addr.length)' }],
      safe: true,
      output: `import koffi from 'koffi';

const SOL_SOCKET = 0xffff;
const SO_EXCLUSIVEADDRUSE = -5;

const lib = koffi.load('ws2_32');
const bind = lib.func('__stdcall', 'bind', 'int', ['uintptr_t', 'void *', 'int']);
const setsockopt = lib.func('__stdcall', 'setsockopt', 'int', ['uintptr_t', 'int', 'int', 'void *', 'int']);

export function claim(s: number, addr: Buffer): void {
  setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, Buffer.from([1, 0, 0, 0]), 4);
  const rc: number = bind(s, addr, addr.length);
  if (rc !== 0) {
    throw new Error(\`bind: \${rc}\`);
  }
}
`,
    },
    {
      name: 'ffi-napi: ws2.setsockopt(SO_EXCLUSIVEADDRUSE) after ws2.bind',
      lang: 'ts',
      compile: 'tsc',
      code:
        FFI_NAPI +
        `export function serve(addr: Buffer): number {
  const s: number = ws2.socket(2, 1, 6);
  if (ws2.bind(s, addr, addr.length) !== 0) {
    throw new Error('bind failed');
  }
  const on = Buffer.from([1, 0, 0, 0]);
  ws2.setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, on, 4);
  ws2.listen(s, 64);
  return s;
}
`,
      errors: [{ messageId: 'afterBind', text: 'ws2.setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, on, 4)', related: 'ws2.bind(s, addr, addr.length)' }],
      safe: true,
      output:
        FFI_NAPI +
        `export function serve(addr: Buffer): number {
  const s: number = ws2.socket(2, 1, 6);
  const on = Buffer.from([1, 0, 0, 0]);
  ws2.setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, on, 4);
  if (ws2.bind(s, addr, addr.length) !== 0) {
    throw new Error('bind failed');
  }
  ws2.listen(s, 64);
  return s;
}
`,
    },
    {
      // No output check: moving SO_REUSEADDR before the bind makes it take effect, and the fixed
      // text then rightly has a reuseaddr-port-hijack finding (Windows, fixed port).
      name: 'ffi-napi: SO_REUSEADDR after the bind',
      lang: 'ts',
      compile: 'tsc',
      code:
        FFI_NAPI +
        `export function serve(addr: Buffer): number {
  const s: number = ws2.socket(2, 1, 6);
  ws2.bind(s, addr, addr.length);
  const on = Buffer.from([1, 0, 0, 0]);
  ws2.setsockopt(s, SOL_SOCKET, SO_REUSEADDR, on, 4);
  ws2.listen(s, 64);
  return s;
}
`,
      errors: [{ messageId: 'afterBind', text: 'ws2.setsockopt(s, SOL_SOCKET, SO_REUSEADDR, on, 4)', messageIncludes: 'SO_REUSEADDR' }],
      output: null,
    },
    {
      name: "ffi-rs: load({ funcName: 'setsockopt' }) after load({ funcName: 'bind' })",
      lang: 'ts',
      compile: 'tsc',
      code:
        FFI_RS +
        `export function serve(addr: Buffer): number {
  const s: number = load({ library: 'ws2_32', funcName: 'socket', retType: DataType.I64, paramsType: [DataType.I32, DataType.I32, DataType.I32], paramsValue: [AF_INET, SOCK_STREAM, 6] });
  load({ library: 'ws2_32', funcName: 'bind', retType: DataType.I32, paramsType: [DataType.I64, DataType.U8Array, DataType.I32], paramsValue: [s, addr, addr.length] });
  const on = Buffer.from([1, 0, 0, 0]);
  load({
    library: 'ws2_32',
    funcName: 'setsockopt',
    retType: DataType.I32,
    paramsType: [DataType.I64, DataType.I32, DataType.I32, DataType.U8Array, DataType.I32],
    paramsValue: [s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, on, 4],
  });
  load({ library: 'ws2_32', funcName: 'listen', retType: DataType.I32, paramsType: [DataType.I64, DataType.I32], paramsValue: [s, 64] });
  return s;
}
`,
      errors: [
        {
          messageId: 'afterBind',
          text: `load({
    library: 'ws2_32',
    funcName: 'setsockopt',
    retType: DataType.I32,
    paramsType: [DataType.I64, DataType.I32, DataType.I32, DataType.U8Array, DataType.I32],
    paramsValue: [s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, on, 4],
  })`,
        },
      ],
      safe: true,
      output:
        FFI_RS +
        `export function serve(addr: Buffer): number {
  const s: number = load({ library: 'ws2_32', funcName: 'socket', retType: DataType.I64, paramsType: [DataType.I32, DataType.I32, DataType.I32], paramsValue: [AF_INET, SOCK_STREAM, 6] });
  const on = Buffer.from([1, 0, 0, 0]);
  load({
    library: 'ws2_32',
    funcName: 'setsockopt',
    retType: DataType.I32,
    paramsType: [DataType.I64, DataType.I32, DataType.I32, DataType.U8Array, DataType.I32],
    paramsValue: [s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, on, 4],
  });
  load({ library: 'ws2_32', funcName: 'bind', retType: DataType.I32, paramsType: [DataType.I64, DataType.U8Array, DataType.I32], paramsValue: [s, addr, addr.length] });
  load({ library: 'ws2_32', funcName: 'listen', retType: DataType.I32, paramsType: [DataType.I64, DataType.I32], paramsValue: [s, 64] });
  return s;
}
`,
    },
    {
      name: 'bound on one path only: reported, no fix (the bind is inside the if)',
      lang: 'ts',
      compile: 'tsc',
      code:
        KOFFI +
        `export function prepare(s: number, port: number, bindNow: boolean): void {
  const on = Buffer.from([1, 0, 0, 0]);
  if (bindNow) {
    const addr = sockaddrIn(port);
    bind(s, addr, addr.length);
  }
  setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, on, on.length);
}
`,
      errors: [{ messageId: 'afterBind', text: 'setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, on, on.length)' }],
      output: null,
    },
    {
      name: 'a class field holds the socket',
      lang: 'ts',
      compile: 'tsc',
      code:
        KOFFI +
        `export class WinListener {
  private readonly sock: number = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);

  start(port: number): void {
    const addr = sockaddrIn(port);
    const on = Buffer.from([1, 0, 0, 0]);
    if (bind(this.sock, addr, addr.length) !== 0) {
      throw new Error('bind failed');
    }
    setsockopt(this.sock, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, on, on.length);
    listen(this.sock, 128);
  }
}
`,
      errors: [{ messageId: 'afterBind', text: 'setsockopt(this.sock, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, on, on.length)' }],
      safe: true,
      output:
        KOFFI +
        `export class WinListener {
  private readonly sock: number = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);

  start(port: number): void {
    const addr = sockaddrIn(port);
    const on = Buffer.from([1, 0, 0, 0]);
    setsockopt(this.sock, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, on, on.length);
    if (bind(this.sock, addr, addr.length) !== 0) {
      throw new Error('bind failed');
    }
    listen(this.sock, 128);
  }
}
`,
    },
    {
      name: "CommonJS: const koffi = require('koffi')",
      lang: 'cjs',
      compile: 'node',
      code: `const koffi = require('koffi');

const SOL_SOCKET = 0xffff;
const SO_EXCLUSIVEADDRUSE = ~4;

const ws2 = koffi.load('ws2_32.dll');
const bind = ws2.func('int __stdcall bind(uintptr_t s, const void *name, int namelen)');
const setsockopt = ws2.func('int __stdcall setsockopt(uintptr_t s, int level, int optname, const void *optval, int optlen)');

function serve(s, addr) {
  const on = Buffer.from([1, 0, 0, 0]);
  const rc = bind(s, addr, addr.length);
  setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, on, 4);
  return rc;
}

module.exports = { serve };
`,
      errors: [{ messageId: 'afterBind', text: 'setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, on, 4)' }],
      safe: true,
      output: `const koffi = require('koffi');

const SOL_SOCKET = 0xffff;
const SO_EXCLUSIVEADDRUSE = ~4;

const ws2 = koffi.load('ws2_32.dll');
const bind = ws2.func('int __stdcall bind(uintptr_t s, const void *name, int namelen)');
const setsockopt = ws2.func('int __stdcall setsockopt(uintptr_t s, int level, int optname, const void *optval, int optlen)');

function serve(s, addr) {
  const on = Buffer.from([1, 0, 0, 0]);
  setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, on, 4);
  const rc = bind(s, addr, addr.length);
  return rc;
}

module.exports = { serve };
`,
    },
    {
      name: 'ESM JavaScript (.mjs): import koffi, SO_REUSEADDR after bind',
      lang: 'mjs',
      compile: 'node',
      code: `import koffi from 'koffi';

const SOL_SOCKET = 0xffff;
const SO_REUSEADDR = 4;

const ws2 = koffi.load('ws2_32.dll');
const bind = ws2.func('int __stdcall bind(uintptr_t s, const void *name, int namelen)');
const setsockopt = ws2.func('int __stdcall setsockopt(uintptr_t s, int level, int optname, const void *optval, int optlen)');

export function reuse(s, addr) {
  if (bind(s, addr, addr.length) !== 0) {
    return false;
  }
  setsockopt(s, SOL_SOCKET, SO_REUSEADDR, Buffer.from([1, 0, 0, 0]), 4);
  return true;
}
`,
      errors: [{ messageId: 'afterBind', text: 'setsockopt(s, SOL_SOCKET, SO_REUSEADDR, Buffer.from([1, 0, 0, 0]), 4)' }],
      safe: true,
      output: `import koffi from 'koffi';

const SOL_SOCKET = 0xffff;
const SO_REUSEADDR = 4;

const ws2 = koffi.load('ws2_32.dll');
const bind = ws2.func('int __stdcall bind(uintptr_t s, const void *name, int namelen)');
const setsockopt = ws2.func('int __stdcall setsockopt(uintptr_t s, int level, int optname, const void *optval, int optlen)');

export function reuse(s, addr) {
  setsockopt(s, SOL_SOCKET, SO_REUSEADDR, Buffer.from([1, 0, 0, 0]), 4);
  if (bind(s, addr, addr.length) !== 0) {
    return false;
  }
  return true;
}
`,
    },
    {
      name: 'koffi: IPV6_V6ONLY after the bind',
      lang: 'ts',
      compile: 'tsc',
      code: `import koffi from 'koffi';

const AF_INET6 = 23;
const SOCK_STREAM = 1;
const IPPROTO_IPV6 = 41;
const IPV6_V6ONLY = 27;

const ws2 = koffi.load('ws2_32.dll');
const socket = ws2.func('uintptr_t __stdcall socket(int af, int type, int protocol)');
const bind = ws2.func('int __stdcall bind(uintptr_t s, const void *name, int namelen)');
const setsockopt = ws2.func('int __stdcall setsockopt(uintptr_t s, int level, int optname, const void *optval, int optlen)');

export function dualStack(addr6: Buffer): number {
  const s: number = socket(AF_INET6, SOCK_STREAM, 6);
  const off = Buffer.alloc(4);
  bind(s, addr6, addr6.length);
  setsockopt(s, IPPROTO_IPV6, IPV6_V6ONLY, off, 4);
  return s;
}
`,
      errors: [{ messageId: 'afterBind', text: 'setsockopt(s, IPPROTO_IPV6, IPV6_V6ONLY, off, 4)', messageIncludes: 'IPV6_V6ONLY' }],
      safe: true,
      output: `import koffi from 'koffi';

const AF_INET6 = 23;
const SOCK_STREAM = 1;
const IPPROTO_IPV6 = 41;
const IPV6_V6ONLY = 27;

const ws2 = koffi.load('ws2_32.dll');
const socket = ws2.func('uintptr_t __stdcall socket(int af, int type, int protocol)');
const bind = ws2.func('int __stdcall bind(uintptr_t s, const void *name, int namelen)');
const setsockopt = ws2.func('int __stdcall setsockopt(uintptr_t s, int level, int optname, const void *optval, int optlen)');

export function dualStack(addr6: Buffer): number {
  const s: number = socket(AF_INET6, SOCK_STREAM, 6);
  const off = Buffer.alloc(4);
  setsockopt(s, IPPROTO_IPV6, IPV6_V6ONLY, off, 4);
  bind(s, addr6, addr6.length);
  return s;
}
`,
    },
    {
      name: "ffi-napi: Library('ws2_32.dll'), the late call checked with !== 0",
      lang: 'ts',
      compile: 'tsc',
      code: `import ffi from 'ffi-napi';

const SOL_SOCKET = 0xffff;
const SO_EXCLUSIVEADDRUSE = ~4;

const winsock = ffi.Library('ws2_32.dll', {
  bind: ['int', ['uint64', 'pointer', 'int']],
  setsockopt: ['int', ['uint64', 'int', 'int', 'pointer', 'int']],
});

export function claim(s: number, addr: Buffer): void {
  const on = Buffer.from([1, 0, 0, 0]);
  winsock.bind(s, addr, addr.length);
  if (winsock.setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, on, 4) !== 0) {
    throw new Error('setsockopt failed');
  }
}
`,
      errors: [{ messageId: 'afterBind', text: 'winsock.setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, on, 4)', related: 'winsock.bind(s, addr, addr.length)' }],
      safe: true,
      output: `import ffi from 'ffi-napi';

const SOL_SOCKET = 0xffff;
const SO_EXCLUSIVEADDRUSE = ~4;

const winsock = ffi.Library('ws2_32.dll', {
  bind: ['int', ['uint64', 'pointer', 'int']],
  setsockopt: ['int', ['uint64', 'int', 'int', 'pointer', 'int']],
});

export function claim(s: number, addr: Buffer): void {
  const on = Buffer.from([1, 0, 0, 0]);
  if (winsock.setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, on, 4) !== 0) {
    throw new Error('setsockopt failed');
  }
  winsock.bind(s, addr, addr.length);
}
`,
    },
    {
      // As in C, a value changed between the bind and the option (here by a method call) holds the
      // move back: moving only the declaration would set the option from an unfilled buffer.
      name: 'koffi: the option buffer is filled between bind and setsockopt: reported, no move',
      lang: 'ts',
      compile: 'tsc',
      code:
        KOFFI +
        `export function serve(port: number): number {
  const s: number = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
  const addr = sockaddrIn(port);
  if (bind(s, addr, addr.length) !== 0) {
    throw new Error('bind failed');
  }
  const on = Buffer.alloc(4);
  on.writeInt32LE(1);
  setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, on, on.length);
  listen(s, 128);
  return s;
}
`,
      errors: [{ messageId: 'afterBind', text: 'setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, on, on.length)' }],
      output: null,
    },
  ],
});

// Not required by the issue, but the C rule applies to FFI binds too: a Windows service socket
// (bound from ws2_32, then listened on) without SO_EXCLUSIVEADDRUSE. No TS fix is offered.
ruleTester('missing-exclusiveaddruse', {
  valid: [
    {
      name: 'koffi: SO_EXCLUSIVEADDRUSE set before the bind',
      lang: 'ts',
      compile: 'tsc',
      code:
        KOFFI +
        `export function serve(port: number): number {
  const s: number = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
  const on = Buffer.from([1, 0, 0, 0]);
  setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, on, on.length);
  const addr = sockaddrIn(port);
  if (bind(s, addr, addr.length) !== 0) {
    throw new Error('bind failed');
  }
  listen(s, 128);
  return s;
}
`,
    },
    {
      name: 'koffi: a bound socket that is never listened on (a client binding its source address)',
      lang: 'ts',
      compile: 'tsc',
      code:
        KOFFI +
        `export function client(port: number): number {
  const s: number = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
  const addr = sockaddrIn(port);
  if (bind(s, addr, addr.length) !== 0) {
    throw new Error('bind failed');
  }
  return s;
}
`,
    },
  ],
  invalid: [
    {
      name: 'koffi: bind then listen without SO_EXCLUSIVEADDRUSE',
      lang: 'ts',
      compile: 'tsc',
      code:
        KOFFI +
        `export function serve(port: number): number {
  const s: number = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
  const addr = sockaddrIn(port);
  if (bind(s, addr, addr.length) !== 0) {
    throw new Error('bind failed');
  }
  listen(s, 128);
  return s;
}
`,
      errors: [{ messageId: 'missing', text: 'bind(s, addr, addr.length)' }],
      output: null,
    },
    {
      name: 'ffi-napi: ws2.bind then ws2.listen without SO_EXCLUSIVEADDRUSE',
      lang: 'ts',
      compile: 'tsc',
      code:
        FFI_NAPI +
        `export function serve(addr: Buffer): number {
  const s: number = ws2.socket(2, 1, 6);
  if (ws2.bind(s, addr, addr.length) !== 0) {
    throw new Error('bind failed');
  }
  ws2.listen(s, 64);
  return s;
}
`,
      errors: [{ messageId: 'missing', text: 'ws2.bind(s, addr, addr.length)' }],
      output: null,
    },
  ],
});

// close-without-shutdown through FFI: an accepted connection closed with closesocket.
ruleTester('close-without-shutdown', {
  valid: [
    {
      name: 'koffi: shutdown(SD_SEND) and a drain before closesocket',
      lang: 'ts',
      compile: 'tsc',
      code:
        KOFFI_SERVER +
        `export function serveOne(listener: number): void {
  const client: number = accept(listener, null, null);
  const reply = Buffer.from('bye\\r\\n');
  send(client, reply, reply.length, 0);
  shutdown(client, SD_SEND);
  const buf = Buffer.alloc(512);
  while (recv(client, buf, buf.length, 0) > 0) {
    // drain until the peer closes
  }
  closesocket(client);
}
`,
    },
    {
      name: 'koffi: closing the listening socket',
      lang: 'ts',
      compile: 'tsc',
      code:
        KOFFI_SERVER +
        `export function stop(port: number): void {
  const s: number = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
  const addr = sockaddrIn(port);
  bind(s, addr, addr.length);
  listen(s, 16);
  closesocket(s);
}
`,
    },
  ],
  invalid: [
    {
      name: 'koffi: accepted connection closed without shutdown',
      lang: 'ts',
      compile: 'tsc',
      code:
        KOFFI_SERVER +
        `export function serveOne(listener: number): void {
  const client: number = accept(listener, null, null);
  const reply = Buffer.from('bye\\r\\n');
  send(client, reply, reply.length, 0);
  closesocket(client);
}
`,
      errors: [{ messageId: 'noShutdown', text: 'closesocket(client)', related: 'accept(listener, null, null)' }],
      output: null,
    },
  ],
});

// exclusiveaddruse-with-reuseaddr through FFI: both options on one socket.
ruleTester('exclusiveaddruse-with-reuseaddr', {
  valid: [
    {
      name: 'koffi: SO_EXCLUSIVEADDRUSE only',
      lang: 'ts',
      compile: 'tsc',
      code:
        KOFFI +
        `export function prepare(s: number): void {
  const on = Buffer.from([1, 0, 0, 0]);
  setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, on, 4);
}
`,
    },
  ],
  invalid: [
    {
      name: 'koffi: SO_REUSEADDR then ~SO_REUSEADDR on the same socket',
      lang: 'ts',
      compile: 'tsc',
      code:
        KOFFI +
        `export function prepare(s: number): void {
  const on = Buffer.from([1, 0, 0, 0]);
  setsockopt(s, SOL_SOCKET, SO_REUSEADDR, on, 4);
  setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, on, 4);
}
`,
      errors: [{ messageId: 'bothOptions', text: 'setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, on, 4)', severity: 'error' }],
      safe: false,
      output: `import koffi from 'koffi';

const AF_INET = 2;
const SOCK_STREAM = 1;
const IPPROTO_TCP = 6;
const SOL_SOCKET = 0xffff;
const SO_REUSEADDR = 0x0004;
const SO_KEEPALIVE = 0x0008;
const SO_EXCLUSIVEADDRUSE = ~SO_REUSEADDR;

const ws2 = koffi.load('ws2_32.dll');
const socket = ws2.func('uintptr_t __stdcall socket(int af, int type, int protocol)');
const bind = ws2.func('int __stdcall bind(uintptr_t s, const void *name, int namelen)');
const setsockopt = ws2.func('int __stdcall setsockopt(uintptr_t s, int level, int optname, const void *optval, int optlen)');
const listen = ws2.func('int __stdcall listen(uintptr_t s, int backlog)');

function sockaddrIn(port: number): Buffer {
  const addr = Buffer.alloc(16);
  addr.writeUInt16LE(AF_INET, 0);
  addr.writeUInt16BE(port, 2);
  return addr;
}

export function prepare(s: number): void {
  const on = Buffer.from([1, 0, 0, 0]);
  setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, on, 4);
}
`,
    },
  ],
});
