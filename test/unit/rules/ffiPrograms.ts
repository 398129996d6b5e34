/**
 * Winsock through FFI bindings in TypeScript and JavaScript (koffi, ffi-napi, ffi-rs), shared by the
 * rules' test files: the C rules apply to `socket`/`bind`/`setsockopt`/`listen`/`shutdown`/
 * `closesocket` bound from ws2_32, with option constants resolved from local `const` declarations.
 *
 * None of the FFI packages is installed: the TypeScript snippets are type-checked against small
 * ambient declarations of their APIs (test/helpers/tsc.ts), the JavaScript ones with node --check.
 */
/** koffi, with prototypes parsed from C declarations. */
export const KOFFI = `import koffi from 'koffi';

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
export const KOFFI_SERVER =
  KOFFI +
  `const accept = ws2.func('uintptr_t __stdcall accept(uintptr_t s, void *addr, int *addrlen)');
const recv = ws2.func('int __stdcall recv(uintptr_t s, void *buf, int len, int flags)');
const send = ws2.func('int __stdcall send(uintptr_t s, const void *buf, int len, int flags)');
const shutdown = ws2.func('int __stdcall shutdown(uintptr_t s, int how)');
const closesocket = ws2.func('int __stdcall closesocket(uintptr_t s)');
const SD_SEND = 1;

`;

/** koffi, with the name / result / parameters form. */
export const KOFFI_SPLIT = `import koffi from 'koffi';

const SOL_SOCKET = 0xffff;
const SO_EXCLUSIVEADDRUSE = ~4;

const ws2 = koffi.load('ws2_32.dll');
const socket = ws2.func('socket', 'uintptr_t', ['int', 'int', 'int']);
const bind = ws2.func('bind', 'int', ['uintptr_t', 'void *', 'int']);
const setsockopt = ws2.func('setsockopt', 'int', ['uintptr_t', 'int', 'int', 'void *', 'int']);
const listen = ws2.func('listen', 'int', ['uintptr_t', 'int']);

`;

/** ffi-napi with ref-napi types. */
export const FFI_NAPI = `import ffi from 'ffi-napi';
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
export const FFI_RS = `import { DataType, load, open } from 'ffi-rs';

const AF_INET = 2;
const SOCK_STREAM = 1;
const SOL_SOCKET = 0xffff;
const SO_EXCLUSIVEADDRUSE = ~4;

open({ library: 'ws2_32', path: 'ws2_32.dll' });

`;
