import * as path from 'node:path';
import type { Node } from 'web-tree-sitter';
import type { Region } from '../../engine/ir';
import { type HeaderFacts, enclosingConditions, mergePlatform, setsWindowsVersion } from './includes';
import { type ArmKind, type PlatformMacros, ifdefCondition, kindsOf, scanPreprocessor } from './preprocessor';

export type { ArmKind } from './preprocessor';

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
  /** The file's own platform macros, for deciding its `#if` arms. */
  macros: PlatformMacros;
  /** Where arms start (their `#`) that are not Windows code because their own code calls POSIX-only functions. */
  posixArms: Set<number>;
}

export function filePlatform(text: string, headers: readonly HeaderFacts[] = []): FilePlatform {
  const { macros, nonWindows, posixArms } = scanPreprocessor(text, headers.length ? mergePlatform(headers) : undefined);
  const all = withoutComments(text);
  // What other systems' arms and never-compiled arms hold says nothing about Windows
  // (`#ifndef _WIN32` / `#define closesocket close`, closesocket in an RTOS arm).
  let code = all;
  for (const [start, end] of nonWindows) code = code.slice(0, start) + ' '.repeat(Math.max(0, end - start)) + code.slice(end);
  // An `#ifdef _WIN32` arm is Windows code by itself (regionAround); it does not make the rest so.
  // A workspace header that brings in Winsock (outside its own non-Windows arms) makes its includers Windows code.
  const own = headers.flatMap((h) => h.own);
  // A project header that happens to be called winsock.h is judged by what it holds, not by its name.
  const ownHeaders = new Set(headers.map((h) => path.basename(h.file).toLowerCase()));
  const systemCode = ownHeaders.size ? code.replace(/#\s*include\s*"([^"\n]*)"/g, (m, name: string) => (ownHeaders.has(path.posix.basename(name).toLowerCase()) ? ' ' : m)) : code;
  // A file that itself includes POSIX socket headers in every build (outside any #if) cannot build for
  // Windows: what its headers bring in for Windows builds (a common header's `#ifdef _WIN32` arm) is not for it.
  const fromHeaders = headers.some((h) => h.winsock) && !posixEverywhere(text);
  // Names in string literals are no sign of Winsock ("ioctlsocket failed").
  const named = code.replace(stringLiteral, '""');
  // `#ifdef _WIN32` / `#define _WIN32_WINNT 0x0602`: the Windows API level a Windows build compiles
  // against (asio needs it), so the shared code has a Windows build; the guard says it has others too.
  const setsVersion = setsWindowsVersion(code, enclosingConditions(text)) || headers.some((h) => h.windowsTarget);
  const targetsWindowsToo = setsVersion && !macros.always.has('_WIN32_WINNT') && !macros.always.has('WINVER') && !posixEverywhere(text);
  const windows =
    windowsHeaders.test(systemCode) ||
    fromHeaders ||
    usesWinsockNames(named, all, own) ||
    // A header that brings Winsock to the Windows build and shims to the others (`#ifndef _WIN32` /
    // `#define closesocket close`): the file's own Winsock names are then portable code, shared with Windows.
    (headers.some((h) => h.winsockSomewhere) && usesWinsockNames(named, all, [])) ||
    macros.always.has('_WIN32_WINNT') ||
    macros.always.has('WINVER') ||
    targetsWindowsToo;
  // `#ifdef _MSC_VER` alone separates compilers, not platforms: a POSIX build shows in its headers.
  return { windows, portable: windows && (posixIndicators.test(all) || headers.some((h) => h.posix) || targetsWindowsToo), macros, posixArms };
}

/**
 * POSIX code often defines `SOCKET`, `SOCKET_ERROR` or `closesocket` itself to share code with
 * Windows; a name the file defines (outside any Windows conditional, since those already count)
 * is not a sign of Winsock.
 */
function usesWinsockNames(code: string, all: string, headerNames: readonly string[]): boolean {
  const own = new Set<string>(headerNames);
  // Shims count wherever they are (`#ifndef _WIN32` / `typedef int SOCKET;`): the file builds elsewhere too.
  for (const m of all.matchAll(selfDefined)) own.add(m[1] ?? m[2]);
  for (const m of code.matchAll(windowsNames)) if (!own.has(m[0])) return true;
  return false;
}

/** A message such as "ioctlsocket failed" names Winsock without using it. */
const stringLiteral = /"(?:[^"\\\n]|\\.)*"/g;

/** Comments say "closesocket" without making a file Windows code. String literals are kept whole. */
function withoutComments(text: string): string {
  return text.replace(/"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|\/\/[^\n]*|\/\*[\s\S]*?(?:\*\/|$)/g, (m) => (m[0] === '/' ? ' ' : m));
}

/**
 * What an `#if`, `#ifdef` or `#elif` arm and its `#else` mean, decided against the file's own macros
 * and, where the condition says nothing, by the POSIX-only code the arm holds (`posixArms`).
 */
export function armKinds(node: Node, macros: PlatformMacros, posixArms?: Set<number>): { then: ArmKind; else: ArmKind } {
  const kinds = conditionKinds(node, macros);
  const alt = posixArms?.size ? node.childForFieldName('alternative') : null;
  return {
    then: kinds.then === 'neutral' && posixArms?.has(node.startIndex) ? 'posix' : kinds.then,
    else: kinds.else === 'neutral' && alt?.type === 'preproc_else' && posixArms?.has(alt.startIndex) ? 'posix' : kinds.else,
  };
}

function conditionKinds(node: Node, macros: PlatformMacros): { then: ArmKind; else: ArmKind } {
  if (node.type === 'preproc_ifdef' || node.type === 'preproc_elifdef') {
    const name = node.childForFieldName('name')?.text ?? '';
    const negated = /^#\s*(?:el)?ifndef/.test(node.text.slice(0, 40));
    return kindsOf(ifdefCondition(name, negated), macros);
  }
  return kindsOf(node.childForFieldName('condition')?.text ?? '', macros);
}

export function applyArm(region: Region | undefined, arm: ArmKind): Region | undefined {
  return arm === 'windows' ? 'windows' : arm === 'posix' ? 'posix' : region;
}

const posixInclude = /^[ \t]*#[ \t]*include[ \t]*<(?:sys\/socket|netinet\/in|arpa\/inet|sys\/un)\.h>/gm;

function posixEverywhere(text: string): boolean {
  const conditionsAt = enclosingConditions(text);
  return [...text.matchAll(posixInclude)].some((m) => conditionsAt(m.index ?? 0).length === 0);
}
