import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { filePlatform } from '../../../server/src/lang/cfamily/platform';
import { lower } from './lowered';

/** The two answers that concern these tests, without the macro tables. */
function sides(text: string) {
  const { windows, portable } = filePlatform(text);
  return { windows, portable };
}

async function regionOf(text: string, call: string): Promise<string> {
  const m = await lower(text);
  const at = text.indexOf(call);
  const ev = m.events.find((e) => e.site.start === at);
  assert.ok(ev, `no event at ${call}`);
  return ev.region;
}

describe('Windows and POSIX regions', () => {
  it('Winsock headers or names make a file Windows code', () => {
    assert.deepEqual(sides('#include <winsock2.h>\n'), { windows: true, portable: false });
    assert.deepEqual(sides('#include <ws2tcpip.h>\n'), { windows: true, portable: false });
    assert.equal(filePlatform('void f(SOCKET s) {}').windows, true);
    assert.equal(filePlatform('int f(void) { return WSAStartup(0, 0); }').windows, true);
    assert.equal(filePlatform('if (x == SOCKET_ERROR) {}').windows, true);
  });

  it('names in comments, and SOL_SOCKET or socket(), do not', () => {
    assert.equal(filePlatform('/* closesocket(s) on Windows */\n// SOCKET_ERROR\nint f(void) { return socket(AF_INET, SOCK_STREAM, 0); }').windows, false);
    assert.equal(filePlatform('setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);').windows, false);
  });

  it('a file with POSIX socket headers as well is portable; an _MSC_VER guard alone is not', () => {
    assert.deepEqual(sides('#ifdef _WIN32\n#include <winsock2.h>\n#else\n#include <sys/socket.h>\n#endif\n'), { windows: true, portable: true });
    assert.deepEqual(sides('#include <winsock2.h>\n#ifdef _MSC_VER\n#pragma comment(lib, "Ws2_32.lib")\n#endif\n'), { windows: true, portable: false });
  });

  it('arms of #ifdef _WIN32 / #else, #ifndef and #if defined() get their platform', async () => {
    const text = `#include <sys/socket.h>
void f(int s) {
#ifdef _WIN32
    listen(s, 1);
#else
    listen(s, 2);
#endif
#ifndef _WIN32
    listen(s, 3);
#endif
#if defined(_WIN32) || defined(_WIN64)
    listen(s, 4);
#elif defined(__linux__)
    listen(s, 5);
#endif
    listen(s, 6);
}`;
    assert.equal(await regionOf(text, 'listen(s, 1)'), 'windows');
    assert.equal(await regionOf(text, 'listen(s, 2)'), 'posix');
    assert.equal(await regionOf(text, 'listen(s, 3)'), 'posix');
    assert.equal(await regionOf(text, 'listen(s, 4)'), 'windows');
    // Shared code is Windows code only when the file shows Winsock somewhere (RULES.md).
    assert.equal(await regionOf(text, 'listen(s, 6)'), 'posix');
    const portable = text.replace('#include <sys/socket.h>', '#ifdef _WIN32\n#include <winsock2.h>\n#else\n#include <sys/socket.h>\n#endif');
    assert.equal(await regionOf(portable, 'listen(s, 6)'), 'shared');
  });

  it('an _MSC_VER or _WIN32 branch alone does not make the rest of a file Windows code', () => {
    assert.deepEqual(sides('#include <sys/socket.h>\n#ifdef _MSC_VER\n#pragma warning(disable: 4996)\n#endif\n'), { windows: false, portable: false });
  });

  it('a whole function inside #ifdef _WIN32 is Windows code; a POSIX-only file is POSIX', async () => {
    const text = `#include <sys/socket.h>
#ifdef _WIN32
void w(SOCKET s) { listen(s, 1); }
#else
void p(int s) { listen(s, 2); }
#endif`;
    assert.equal(await regionOf(text, 'listen(s, 1)'), 'windows');
    assert.equal(await regionOf(text, 'listen(s, 2)'), 'posix');
    assert.equal(await regionOf('#include <sys/socket.h>\nvoid p(int s) { listen(s, 2); }', 'listen(s, 2)'), 'posix');
  });

  it("Winsock names in other systems' arms and portability shims do not make a file Windows code", () => {
    const rtos = '#include <sys/socket.h>\nvoid f(int s) {\n#if defined(SOME_RTOS)\n    closesocket(s);\n#else\n    close(s);\n#endif\n}\n';
    assert.equal(filePlatform(rtos).windows, false);
    assert.equal(filePlatform('#include <sys/socket.h>\n#ifdef __linux__\nSOCKET_ERROR\n#endif\n').windows, false);
    const shim =
      '#include <sys/socket.h>\n#ifndef _WIN32\n#define closesocket close\ntypedef int SOCKET;\n#define INVALID_SOCKET (-1)\n#endif\nvoid f(SOCKET s) { if (s != INVALID_SOCKET) closesocket(s); }\n';
    assert.equal(filePlatform(shim).windows, false);
    assert.equal(filePlatform('#define _WIN32_WINNT 0x0601\n#include <asio.hpp>\n').windows, true);
  });

  it('_WIN32_WINNT set for Windows builds only (forgottenserver definitions.h): shared code has a Windows build and others', () => {
    const guarded = '#ifdef _WIN32\n#define WIN32_LEAN_AND_MEAN\n#ifndef _WIN32_WINNT\n#define _WIN32_WINNT 0x0602\n#endif\n#endif\n#include <boost/asio.hpp>\n';
    assert.deepEqual(sides(guarded), { windows: true, portable: true });
    // `#ifndef _WIN32_WINNT` says nothing of the platform: the program sets the SDK level itself.
    const unguarded = '#ifndef _WIN32_WINNT\n#define _WIN32_WINNT 0x0602\n#endif\n#include <asio.hpp>\n';
    assert.equal(filePlatform(unguarded).windows, true);
    // A file that includes POSIX socket headers in every build has no Windows build, whatever it sets for one.
    assert.deepEqual(sides('#include <sys/socket.h>\n' + guarded), { windows: false, portable: false });
    // One compiler's arm says no more than its Winsock include would (shadowsocks-libev winsock.h, survey 3).
    assert.equal(filePlatform('#ifdef __MINGW32__\n#ifndef _WIN32_WINNT\n#define _WIN32_WINNT 0x0600\n#endif\n#endif\n').windows, false);
  });

  it('project platform macros decide arms: defined only under _WIN32, or only under other systems', async () => {
    const text = `#include <sys/socket.h>
#ifdef _WIN32
#define MY_OS_WINDOWS 1
#else
#define OS_UNIX 1
#endif
void f(int s) {
#ifdef MY_OS_WINDOWS
    listen(s, 1);
#endif
#ifdef OS_UNIX
    listen(s, 2);
#else
    listen(s, 3);
#endif
#if defined(SOME_RTOS)
    listen(s, 4);
#endif
}`;
    assert.equal(await regionOf(text, 'listen(s, 1)'), 'windows');
    assert.equal(await regionOf(text, 'listen(s, 2)'), 'posix');
    assert.equal(await regionOf(text, 'listen(s, 3)'), 'windows');
    assert.equal(await regionOf(text, 'listen(s, 4)'), 'posix');
  });

  it('a platform macro defined out of sight (by the build system) is read from its name; feature switches are not platforms', async () => {
    const text = `#include <winsock2.h>
void f(SOCKET s) {
#ifdef OS_UNIX
    listen(s, 1);
#else
    listen(s, 2);
#endif
#if defined(PROJ_WINDOWS)
    listen(s, 3);
#endif
#ifdef HAVE_WINDOWS
    listen(s, 4);
#endif
#ifdef PLATFORM_LINUX
    listen(s, 5);
#endif
}`;
    assert.equal(await regionOf(text, 'listen(s, 1)'), 'posix');
    assert.equal(await regionOf(text, 'listen(s, 2)'), 'windows');
    assert.equal(await regionOf(text, 'listen(s, 3)'), 'windows');
    assert.equal(await regionOf(text, 'listen(s, 4)'), 'windows', "HAVE_WINDOWS is a feature switch: the arm is the file's (Windows) code");
    assert.equal(await regionOf(text, 'listen(s, 5)'), 'posix');
    const own = `#include <sys/socket.h>\n#ifdef __linux__\n#define PROJ_WINDOWS 1\n#endif\nvoid f(int s) {\n#ifdef PROJ_WINDOWS\n    listen(s, 1);\n#endif\n}`;
    assert.equal(await regionOf(own, 'listen(s, 1)'), 'posix', "the file's own definition wins over the name");
  });

  it('a macro defined 1 for other systems and 0 on Windows makes `#if` on it non-Windows code (OpenVPN UNIX_SOCK_SUPPORT)', async () => {
    const text = `#include <winsock2.h>
#if defined(PF_UNIX) && !defined(_WIN32)
#define UNIX_SOCK_SUPPORT 1
#else
#define UNIX_SOCK_SUPPORT 0
#endif
#define USE_FEATURE 0
void f(SOCKET s) {
#if UNIX_SOCK_SUPPORT
    listen(s, 1);
#endif
#if !UNIX_SOCK_SUPPORT
    listen(s, 2);
#endif
#if USE_FEATURE
    listen(s, 3);
#endif
}`;
    assert.equal(await regionOf(text, 'listen(s, 1)'), 'posix');
    assert.equal(await regionOf(text, 'listen(s, 2)'), 'windows');
    const m = await lower(text);
    assert.ok(!m.events.some((e) => e.site.start === text.indexOf('listen(s, 3)')), 'a macro defined 0 outside any conditional makes its #if never compiled');
  });

  it('an arm whose own code calls POSIX-only functions (fork, sysconf) is not Windows code, whatever its condition', async () => {
    const text = `#include <winsock2.h>
void f(SOCKET s) {
#ifdef USE_FORK
    if (fork() == 0) listen(s, 1);
#else
    listen(s, 2);
#endif
#ifdef USE_THREADS
#ifndef _WIN32
    if (fork() == 0) listen(s, 3);
#endif
    listen(s, 4);
#endif
}`;
    assert.equal(await regionOf(text, 'listen(s, 1)'), 'posix');
    assert.equal(await regionOf(text, 'listen(s, 2)'), 'windows');
    assert.equal(await regionOf(text, 'listen(s, 4)'), 'windows', 'a fork in a nested POSIX arm says nothing about the outer arm');
  });

  it('a Winsock name in a string literal is no sign of Winsock; #ifdef __MINGW32__ code is Windows code, its #else is not only POSIX', async () => {
    assert.equal(filePlatform('#include <sys/socket.h>\nvoid f(int s) { if (ioctl(s, FIONREAD, 0)) perror("ioctlsocket failed"); }\n').windows, false);
    const text = `#include <winsock2.h>
void f(SOCKET s) {
#ifdef __MINGW32__
    listen(s, 1);
#else
    listen(s, 2);
#endif
}`;
    assert.equal(await regionOf(text, 'listen(s, 1)'), 'windows');
    assert.equal(await regionOf(text, 'listen(s, 2)'), 'windows', 'an MSVC build compiles the #else arm');
  });

  it('a macro defined only under __GLIBC__ or __APPLE__ marks a POSIX arm (polipo HAVE_IPv6)', async () => {
    const text = `#ifdef _WIN32
#include <winsock2.h>
#endif
#ifdef __GLIBC__
#define HAVE_IPv6
#endif
#ifdef __APPLE__
#define HAVE_IPv6
#endif
void f(SOCKET s) {
#ifdef HAVE_IPv6
    listen(s, 1);
#endif
    listen(s, 2);
}`;
    assert.equal(await regionOf(text, 'listen(s, 1)'), 'posix');
    assert.equal(await regionOf(text, 'listen(s, 2)'), 'windows');
  });

  it("#if conditions are evaluated against the file's own #defines", async () => {
    const text = `#include <winsock2.h>
#define SO_EXCLUSIVEADDRUSE ((int)(~SO_REUSEADDR))
void f(SOCKET s) {
#ifndef SO_EXCLUSIVEADDRUSE
    listen(s, 1);
#endif
    listen(s, 2);
}`;
    const m = await lower(text);
    assert.equal(
      m.events.some((e) => e.site.start === text.indexOf('listen(s, 1)')),
      false,
      'the #ifndef arm is never compiled',
    );
    assert.equal(await regionOf(text, 'listen(s, 2)'), 'windows');
  });
});
