/// <reference path="koffi.d.ts" />
/*
 * winsock_ffi.ts - Node on Windows calling Winsock through koffi, to get an
 * exclusive port that Node's net module cannot ask for.
 *
 * The point of SO_EXCLUSIVEADDRUSE is lost: it is set after bind, where Winsock
 * ignores it. The port was bound without exclusive use, so another socket can
 * still bind it with SO_REUSEADDR or on a specific address.
 *
 * socklint findings:
 *   line 49  missing-exclusiveaddruse  at the bind call: port 27015 is listened on and no
 *            SO_EXCLUSIVEADDRUSE reaches the bind (a consequence of the same mistake).
 *   line 55  setsockopt-after-bind     at the setsockopt(SO_EXCLUSIVEADDRUSE) call;
 *            related: the bind on line 49.
 */
import koffi from 'koffi';

const ws2 = koffi.load('ws2_32.dll');
const WSAStartup = ws2.func('int __stdcall WSAStartup(uint16_t version, _Out_ uint8_t *data)');
const WSAGetLastError = ws2.func('int __stdcall WSAGetLastError()');
const socket = ws2.func('intptr_t __stdcall socket(int af, int type, int protocol)');
const bind = ws2.func('int __stdcall bind(intptr_t s, const uint8_t *name, int namelen)');
const setsockopt = ws2.func('int __stdcall setsockopt(intptr_t s, int level, int optname, const uint8_t *optval, int optlen)');
const listen = ws2.func('int __stdcall listen(intptr_t s, int backlog)');
const closesocket = ws2.func('int __stdcall closesocket(intptr_t s)');

const AF_INET = 2;
const SOCK_STREAM = 1;
const IPPROTO_TCP = 6;
const SOL_SOCKET = 0xffff;
const SO_REUSEADDR = 0x0004;
const SO_EXCLUSIVEADDRUSE = ~SO_REUSEADDR;
const INVALID_SOCKET = -1;
const PORT = 27015;

/** struct sockaddr_in for INADDR_ANY:port. */
function anyAddress(port: number): Buffer {
  const addr = Buffer.alloc(16);
  addr.writeUInt16LE(AF_INET, 0);
  addr.writeUInt16BE(port, 2);
  return addr;
}

export function openListener(): number {
  if (WSAStartup(0x0202, Buffer.alloc(408)) !== 0) throw new Error('WSAStartup failed');
  const listener: number = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
  if (listener === INVALID_SOCKET) throw new Error(`socket failed: ${WSAGetLastError()}`);
  const addr = anyAddress(PORT);
  if (bind(listener, addr, addr.length) !== 0) {
    closesocket(listener);
    throw new Error(`bind failed: ${WSAGetLastError()}`);
  }
  const on = Buffer.alloc(4);
  on.writeInt32LE(1, 0);
  setsockopt(listener, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, on, on.length);
  if (listen(listener, 128) !== 0) {
    closesocket(listener);
    throw new Error(`listen failed: ${WSAGetLastError()}`);
  }
  return listener;
}
