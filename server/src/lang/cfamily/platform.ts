import type { Node } from 'web-tree-sitter';
import type { Region } from '../../engine/ir';

const WIN_MACRO = '(?:_WIN32|_WIN64|WIN32|_WINDOWS|_MSC_VER|__MINGW32__|__MINGW64__)';
const winDefined = new RegExp(`(?:defined\\s*\\(?\\s*${WIN_MACRO}\\b|^\\s*${WIN_MACRO}\\s*$)`);
const winNegated = new RegExp(`^\\s*!\\s*(?:defined\\s*\\(?\\s*${WIN_MACRO}\\b|${WIN_MACRO}\\b)`);

const windowsHeaders = /#\s*include\s*[<"](?:winsock2|ws2tcpip|mswsock|winsock)\.h[>"]/i;
const windowsNames = /\b(?:SOCKET|WSADATA|WSAStartup|closesocket|ioctlsocket|SD_SEND|INVALID_SOCKET|SOCKET_ERROR)\b/g;
const selfDefined = /#\s*define\s+(\w+)|\btypedef\b[^;{}]*?\b(\w+)\s*;/g;
// unistd.h and sys/types.h come with MinGW and MSVC too: only the socket headers mean POSIX sockets.
const posixIndicators = /#\s*include\s*[<"](?:sys\/socket|netinet\/in|arpa\/inet|netdb|sys\/un)\.h[>"]/;

export interface FilePlatform {
  /** The file has Windows socket code somewhere (RULES.md: headers, Winsock names, `_WIN32` branches). */
  windows: boolean;
  /** It also builds without Windows: generated Windows-only code needs a guard outside `_WIN32` arms. */
  portable: boolean;
}

export function filePlatform(text: string): FilePlatform {
  const code = withoutComments(text);
  // An `#ifdef _WIN32` arm is Windows code by itself (regionAround); it does not make the rest so.
  const windows = windowsHeaders.test(code) || usesWinsockNames(code);
  // `#ifdef _MSC_VER` alone separates compilers, not platforms: a POSIX build shows in its headers.
  return { windows, portable: windows && posixIndicators.test(code) };
}

/**
 * POSIX code often defines `SOCKET`, `SOCKET_ERROR` or `closesocket` itself to share code with
 * Windows; a name the file defines (outside any Windows conditional, since those already count)
 * is not a sign of Winsock.
 */
function usesWinsockNames(code: string): boolean {
  const own = new Set<string>();
  for (const m of code.matchAll(selfDefined)) own.add(m[1] ?? m[2]);
  for (const m of code.matchAll(windowsNames)) if (!own.has(m[0])) return true;
  return false;
}

/** Comments say "closesocket" without making a file Windows code. String literals are kept whole. */
function withoutComments(text: string): string {
  return text.replace(/"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|\/\/[^\n]*|\/\*[\s\S]*?(?:\*\/|$)/g, (m) => (m[0] === '/' ? ' ' : m));
}

/** What an `#if` arm means: Windows only, POSIX only, never compiled (`#if 0`), or nothing special. */
export type ArmKind = 'windows' | 'posix' | 'dead' | 'neutral';

export function armKinds(node: Node): { then: ArmKind; else: ArmKind } {
  if (node.type === 'preproc_ifdef' || node.type === 'preproc_elifdef') {
    const name = node.childForFieldName('name')?.text ?? '';
    const negated = /^#\s*(?:el)?ifndef/.test(node.text);
    // Only Winsock defines SO_EXCLUSIVEADDRUSE, so its guard is a Windows arm too.
    if (!new RegExp(`^(?:${WIN_MACRO}|SO_EXCLUSIVEADDRUSE)$`).test(name)) return { then: 'neutral', else: 'neutral' };
    return negated ? { then: 'posix', else: 'windows' } : { then: 'windows', else: 'posix' };
  }
  const cond = node.childForFieldName('condition')?.text.trim() ?? '';
  if (/^0+$/.test(cond)) return { then: 'dead', else: 'neutral' };
  if (/^[1-9]\d*$/.test(cond)) return { then: 'neutral', else: 'dead' };
  if (winNegated.test(cond) && !/&&|\|\|/.test(cond)) return { then: 'posix', else: 'windows' };
  if (winDefined.test(cond) && !/^\s*!/.test(cond) && !/&&/.test(cond)) return { then: 'windows', else: 'posix' };
  if (winDefined.test(cond) && !/^\s*!/.test(cond)) return { then: 'windows', else: 'neutral' };
  return { then: 'neutral', else: 'neutral' };
}

export function applyArm(region: Region | undefined, arm: ArmKind): Region | undefined {
  return arm === 'windows' ? 'windows' : arm === 'posix' ? 'posix' : region;
}
