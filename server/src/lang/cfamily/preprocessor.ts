/**
 * What the file's own preprocessor lines say about platforms, read from the text before any tree
 * is walked (RULES.md "Platform"): which macros the file defines only for Windows or only for other
 * systems (`#ifdef _WIN32` … `#define MY_OS_WINDOWS 1`), which it defines outright, and so which
 * `#if` conditions hold only on Windows, only elsewhere, always or never.
 */

/** What an `#if` arm means: Windows only, other systems only, never compiled, or nothing special. */
export type ArmKind = 'windows' | 'posix' | 'dead' | 'neutral';

const builtinWindows = new Set([
  '_WIN32',
  '_WIN64',
  'WIN32',
  'WIN64',
  '_WINDOWS',
  '_MSC_VER',
  '__MINGW32__',
  '__MINGW64__',
  '_WIN32_WINNT',
  'WINVER',
  'NTDDI_VERSION',
  '__WINDOWS__',
  'SO_EXCLUSIVEADDRUSE',
]);
/** Macros of one system among the others, not of all of them. */
const oneSystem = new Set([
  '__linux__',
  '__linux',
  'linux',
  '__gnu_linux__',
  '__GLIBC__',
  '__APPLE__',
  '__MACH__',
  '__FreeBSD__',
  '__FreeBSD_kernel__',
  '__NetBSD__',
  '__OpenBSD__',
  '__DragonFly__',
  '__sun',
  '__sun__',
  '__SVR4',
  '__hpux',
  '_AIX',
  '__ANDROID__',
  '__HAIKU__',
  '__QNX__',
  '__QNXNTO__',
  '__EMSCRIPTEN__',
  '__wasi__',
]);

/** The Windows API level: only Windows builds have it, and only once the program or an SDK header sets it. */
const windowsVersions = new Set(['_WIN32_WINNT', 'WINVER', 'NTDDI_VERSION']);
/** Defined only by one Windows compiler: `#ifdef __MINGW32__` code is Windows code, but not all of it. */
const windowsCompilers = new Set(['_MSC_VER', '__MINGW32__', '__MINGW64__']);
/** Every other system's own macros, and the generic ones that stand for all of them. */
const builtinOther = new Set([...oneSystem, '__unix__', '__unix', 'unix', '__VXWORKS__', '__rtems__', '__ZEPHYR__', '__NuttX__', 'ESP_PLATFORM', 'ARDUINO', '__MBED__', '_POSIX_VERSION']);
/** Names of embedded systems and their network stacks, which have closesocket() of their own. */
const otherSystem = /RTOS|ZEPHYR|NUTTX|VXWORKS|RTEMS|LWIP|CONTIKI|RIOT|MBED|ESP32|ESP8266|THREADX|UCOS|NUCLEUS|INTEGRITY/i;

export interface PlatformMacros {
  /** Defined only under Windows conditions. */
  windows: Set<string>;
  /** Defined only under other systems' conditions. */
  other: Set<string>;
  /** Defined outside any conditional (and not undefined since). */
  always: Set<string>;
  /**
   * Numeric values a build is sure to see (`#if defined(PF_UNIX) && !defined(_WIN32)` /
   * `#define UNIX_SOCK_SUPPORT 1` / `#else` / `#define UNIX_SOCK_SUPPORT 0`: 0 in Windows builds);
   * null where the build may see either of two definitions.
   */
  values?: Map<string, { windows?: number | null; other?: number | null }>;
}

type Value = number | undefined;

/**
 * A project's platform macro whose definition socklint cannot see (the build system passes
 * `-DOS_UNIX`), read from its name: one to three words, the last naming a platform (`OS_UNIX`,
 * `PLATFORM_LINUX`, `PROJ_WINDOWS`, `OS_WIN32`). Feature switches (`HAVE_`, `USE_`, `ENABLE_`, `NO_`,
 * `WITH_`, `DISABLE_`) are not platforms.
 */
const namedWindows = /^_*(?:[A-Z][A-Z0-9]*_){0,2}(?:WIN|WIN32|WIN64|WINDOWS|WINNT|MSWIN|MSWINDOWS)$/;
const namedOther = /^_*(?:[A-Z][A-Z0-9]*_){0,2}(?:UNIX|LINUX|POSIX|DARWIN|MACOS|MACOSX|OSX|BSD|FREEBSD|NETBSD|OPENBSD|SOLARIS|SUNOS|HPUX|AIX|ANDROID|HAIKU)$/;
const featureSwitch = /^_*(?:HAVE|USE|ENABLE|DISABLE|NO|WITH|WITHOUT|HAS|NEED|SUPPORT)_/;

function platformByName(name: string): 'windows' | 'other' | undefined {
  if (featureSwitch.test(name)) return undefined;
  return namedWindows.test(name) ? 'windows' : namedOther.test(name) ? 'other' : undefined;
}

/** Whether a build defines the name: 1, 0, or undefined when the file cannot say. */
function definedIn(name: string, build: 'windows' | 'other', m: PlatformMacros): Value {
  if (typeof m.values?.get(name)?.[build] === 'number') return 1;
  return definedness(name, build, m);
}

/** A name's value in `#if`: the number the build is sure to see, or else whether it is defined. */
function valueOf(name: string, build: 'windows' | 'other', m: PlatformMacros): Value {
  const known = m.values?.get(name)?.[build];
  if (typeof known === 'number') return known;
  if (known === null && m.always.has(name)) return undefined;
  return definedness(name, build, m);
}

/** One build's view of whether a name is defined (1 standing for a platform macro's value), or undefined when the file cannot say. */
function definedness(name: string, build: 'windows' | 'other', m: PlatformMacros): Value {
  if (m.always.has(name)) return 1;
  // A compiler's macro: never elsewhere, but a Windows build may use the other compiler. The SDK's
  // version macros are the program's to set (`#ifndef _WIN32_WINNT` / `#define _WIN32_WINNT 0x0602`).
  if ((windowsCompilers.has(name) || windowsVersions.has(name)) && !m.windows.has(name)) return build === 'windows' ? undefined : 0;
  // What the file and its headers define wins over what a name suggests.
  const byName = m.windows.has(name) || m.other.has(name) ? undefined : platformByName(name);
  const win = builtinWindows.has(name) || m.windows.has(name) || byName === 'windows';
  const other = builtinOther.has(name) || m.other.has(name) || byName === 'other' || (!win && otherSystem.test(name) && !m.always.has(name));
  if (win) return build === 'windows' ? 1 : 0;
  // One system's own macro (`__APPLE__`, `__linux__`): in the other build it may or may not be
  // defined, so `#ifndef __APPLE__` is no Windows-only arm. Generic ones (`__unix__`) and the
  // file's own platform macros stand for every other system.
  if (other) return build === 'windows' ? 0 : oneSystem.has(name) ? undefined : 1;
  return undefined;
}

/**
 * Evaluates an `#if` condition for one build in three-valued logic: 1, 0, or undefined when it
 * depends on something the file does not decide (a feature macro, a version comparison).
 */
export function evaluate(cond: string, build: 'windows' | 'other', m: PlatformMacros): Value {
  const tokens = cond.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, ' ').match(/defined|[A-Za-z_]\w*|0[xX][0-9a-fA-F]+|\d+|&&|\|\||[!=<>]=|[()!<>]|\S/g) ?? [];
  let i = 0;
  const peek = () => tokens[i];
  const primary = (): Value => {
    const t = tokens[i++];
    if (t === undefined) return undefined;
    if (t === '(') {
      const v = or();
      if (peek() === ')') i++;
      return v;
    }
    if (t === '!') {
      const v = primary();
      return v === undefined ? undefined : v ? 0 : 1;
    }
    if (t === 'defined') {
      const paren = peek() === '(';
      if (paren) i++;
      const name = tokens[i++] ?? '';
      if (paren && peek() === ')') i++;
      const v = definedIn(name, build, m);
      return v === undefined ? undefined : v ? 1 : 0;
    }
    if (/^\d/.test(t)) return Number.parseInt(t, t.startsWith('0x') || t.startsWith('0X') ? 16 : 10);
    if (/^[A-Za-z_]/.test(t)) {
      // A function-like macro call: unknown.
      if (peek() === '(') {
        let depth = 0;
        do {
          if (tokens[i] === '(') depth++;
          if (tokens[i] === ')') depth--;
          i++;
        } while (i < tokens.length && depth > 0);
        return undefined;
      }
      const v = valueOf(t, build, m);
      // Defined for this build, but with a value the file may not show: nonzero when it is a platform macro.
      return v;
    }
    return undefined;
  };
  const compare = (): Value => {
    let v = primary();
    while (peek() && /^(?:[!=<>]=|[<>])$/.test(peek()!)) {
      const op = tokens[i++];
      const r = primary();
      // A Windows version macro compared with anything is 0 in other builds (undefined names are 0).
      if (v === undefined || r === undefined) v = undefined;
      else v = { '==': v === r, '!=': v !== r, '<': v < r, '>': v > r, '<=': v <= r, '>=': v >= r }[op] ? 1 : 0;
    }
    return v;
  };
  const and = (): Value => {
    let v = compare();
    while (peek() === '&&') {
      i++;
      const r = compare();
      v = v === 0 || r === 0 ? 0 : v === undefined || r === undefined ? undefined : 1;
    }
    return v;
  };
  const or = (): Value => {
    let v = and();
    while (peek() === '||') {
      i++;
      const r = and();
      v = (v !== undefined && v !== 0) || (r !== undefined && r !== 0) ? 1 : v === 0 && r === 0 ? 0 : undefined;
    }
    return v;
  };
  try {
    return or();
  } catch {
    return undefined;
  }
}

const truth = (v: Value) => (v === undefined ? undefined : v !== 0);

/** The kinds of the two arms of a condition, from its value in each build. */
export function kindsOf(cond: string, m: PlatformMacros): { then: ArmKind; else: ArmKind } {
  const win = truth(evaluate(cond, 'windows', m));
  const other = truth(evaluate(cond, 'other', m));
  return { then: kindFor(win, other), else: kindFor(win === undefined ? undefined : !win, other === undefined ? undefined : !other) };
}

/** An arm that can be compiled only in Windows builds is Windows code, even if a feature macro decides whether it is. */
function kindFor(win: boolean | undefined, other: boolean | undefined): ArmKind {
  if (win === false && other === false) return 'dead';
  if (other === false) return 'windows';
  if (win === false) return 'posix';
  return 'neutral';
}

/** The condition an `#ifdef X` / `#ifndef X` line tests. */
export function ifdefCondition(name: string, negated: boolean): string {
  return negated ? `!defined(${name})` : `defined(${name})`;
}

const directive = /^[ \t]*#[ \t]*(if|ifdef|ifndef|elif|elifdef|elifndef|else|endif|define|undef)\b[ \t]*(.*(?:\\\r?\n.*)*)$/gm;

/**
 * Reads the file's preprocessor lines in order and sorts the macros it defines by the arms they
 * are defined in (after those of the headers it includes, when given). Also returns the ranges of arms that are not Windows code (other systems, never
 * compiled), which file-level platform detection must not read.
 */
/**
 * Calls and names no Windows build has. An arm whose condition says nothing about platforms
 * (`#ifdef USE_FORK`, set by a Unix configure script) but whose own code calls `fork()` is not
 * Windows code: the mirror of a Winsock name marking its arm.
 */
/** The other way round: code only Windows builds have, which keeps a mixed arm shared. */
const windowsOnlyCode = /\b(?:WSAStartup|WSAGetLastError|WSASocket\w*|ioctlsocket|CreateThread|_beginthreadex|WaitForSingleObject|SD_SEND)\b/;
const posixOnly =
  /\b(?:fork|vfork|makecontext|swapcontext|getcontext|sysconf|sigfillset|sigemptyset|sigaddset|sigaction|sigprocmask|pthread_sigmask|setsid|setuid|setgid|seteuid|chroot|waitpid|SIGCHLD|SIGHUP)\b/;

export function scanPreprocessor(text: string, seed?: PlatformMacros): { macros: PlatformMacros; nonWindows: Array<[number, number]>; posixArms: Set<number> } {
  // `seed`: what the headers included before say, which the file's own lines may add to or undefine.
  const macros: PlatformMacros = { windows: new Set(seed?.windows), other: new Set(seed?.other), always: new Set(seed?.always), values: new Map(seed?.values) };
  const windowsDefs = new Map<string, number>();
  const otherDefs = new Map<string, number>();
  const neutralDefs = new Set<string>();
  // Each open conditional: the kind of the arm we are in, and what the next #else means.
  // `transparent`: an include guard or `#ifdef __cplusplus`, which decide nothing about platforms.
  // `taken`: whether each build compiles the current arm (undefined: it cannot be told); `seen`:
  // whether an earlier arm of the same chain was taken, which decides `#elif` and `#else`.
  type Taken = { windows: boolean | undefined; other: boolean | undefined };
  const stack: Array<{
    kind: ArmKind;
    elseKind: ArmKind;
    start: number;
    guard?: string;
    transparent?: boolean;
    taken: Taken;
    seen: Taken;
    opener: number;
    posixCode?: boolean;
    windowsCode?: boolean;
  }> = [];
  const posixArms = new Set<number>();
  let last = 0;
  const truths = (cond: string): Taken => ({ windows: truth(evaluate(cond, 'windows', macros)), other: truth(evaluate(cond, 'other', macros)) });
  const orTaken = (a: boolean | undefined, b: boolean | undefined) => (a === true || b === true ? true : a === false && b === false ? false : undefined);
  const nextArm = (seen: boolean | undefined, cond: boolean | undefined) => (seen === true ? false : seen === false ? cond : cond === false ? false : undefined);
  const recordValue = (name: string, value: string) => {
    const n = /^\(?\s*(0[xX][0-9a-fA-F]+|\d+)[uUlL]*\s*\)?$/.exec(value.trim());
    const entry = { ...macros.values!.get(name) };
    for (const build of ['windows', 'other'] as const) {
      const arms = stack.filter((e) => !e.transparent).map((e) => e.taken[build]);
      if (arms.includes(false)) continue;
      // Sure to be seen: this value; maybe seen: no value can be relied on any more.
      entry[build] = n && arms.every((t) => t === true) && entry[build] !== null ? Number.parseInt(n[1], n[1].startsWith('0x') || n[1].startsWith('0X') ? 16 : 10) : null;
    }
    macros.values!.set(name, entry);
  };
  let directives = 0;
  const nonWindows: Array<[number, number]> = [];
  const current = (): ArmKind => {
    for (let k = stack.length - 1; k >= 0; k--) if (stack[k].kind !== 'neutral') return stack[k].kind;
    return 'neutral';
  };
  const outright = () => stack.every((e) => e.transparent);
  const close = (end: number) => {
    const top = stack[stack.length - 1];
    if (top?.kind === 'neutral' && top.posixCode && !top.windowsCode && !top.transparent) {
      top.kind = 'posix';
      posixArms.add(top.opener);
      // `#ifdef USE_PTHREAD` … `#ifdef HAVE_PTHREAD_SIGMASK` pthread_sigmask(…) `#endif`: the POSIX-only
      // code of a nested arm that says nothing about platforms is the outer arm's code as well.
      const parent = stack[stack.length - 2];
      if (parent) parent.posixCode = true;
    }
    if (top && (top.kind === 'posix' || top.kind === 'dead')) nonWindows.push([top.start, end]);
  };
  for (const m of text.matchAll(directive)) {
    const [, word, rest] = m;
    const at = m.index ?? 0;
    const hash = at + m[0].indexOf('#');
    // The code since the last directive is the innermost open arm's own.
    const top0 = stack[stack.length - 1];
    if (top0) {
      const own = withoutCommentsAndStrings(text.slice(last, at));
      if (!top0.posixCode && posixOnly.test(own)) top0.posixCode = true;
      if (!top0.windowsCode && windowsOnlyCode.test(own)) top0.windowsCode = true;
    }
    last = at + m[0].length;
    const lineEnd = at + m[0].length;
    const arg = rest.replace(/\\\r?\n/g, ' ').trim();
    const first = directives++ === 0;
    if (word === 'if' || word === 'ifdef' || word === 'ifndef') {
      const name = arg.split(/\s/)[0] ?? '';
      const cond = word === 'if' ? arg : ifdefCondition(name, word === 'ifndef');
      const kinds = kindsOf(cond, macros);
      const taken = truths(cond);
      stack.push({
        kind: kinds.then,
        elseKind: kinds.else,
        start: lineEnd,
        guard: first && word === 'ifndef' ? name : undefined,
        transparent: word === 'ifdef' && name === '__cplusplus',
        taken,
        seen: { ...taken },
        opener: hash,
      });
    } else if (word === 'elif' || word === 'elifdef' || word === 'elifndef') {
      close(at);
      const top = stack[stack.length - 1];
      if (!top) continue;
      const cond = word === 'elif' ? arg : ifdefCondition(arg.split(/\s/)[0] ?? '', word === 'elifndef');
      const kinds = kindsOf(cond, macros);
      top.kind = top.elseKind === 'dead' ? 'dead' : kinds.then;
      top.start = lineEnd;
      top.opener = hash;
      top.posixCode = false;
      top.windowsCode = false;
      const t = truths(cond);
      top.taken = { windows: nextArm(top.seen.windows, t.windows), other: nextArm(top.seen.other, t.other) };
      top.seen = { windows: orTaken(top.seen.windows, top.taken.windows), other: orTaken(top.seen.other, top.taken.other) };
    } else if (word === 'else') {
      close(at);
      const top = stack[stack.length - 1];
      if (!top) continue;
      top.kind = top.elseKind;
      top.start = lineEnd;
      top.opener = hash;
      top.posixCode = false;
      top.windowsCode = false;
      top.taken = { windows: nextArm(top.seen.windows, true), other: nextArm(top.seen.other, true) };
    } else if (word === 'endif') {
      close(at);
      stack.pop();
    } else if (word === 'define' || word === 'undef') {
      const name = /^[A-Za-z_]\w*/.exec(arg)?.[0];
      if (!name) continue;
      const top = stack[stack.length - 1];
      if (word === 'define' && top?.guard === name && directives === 2) {
        top.transparent = true;
        continue;
      }
      const where = current();
      if (word === 'undef') {
        if (where === 'neutral' && outright()) macros.always.delete(name);
        recordValue(name, '');
        continue;
      }
      // A function-like macro has no value of its own.
      if (!new RegExp(`^${name}\\(`).test(arg)) recordValue(name, arg.slice(name.length).replace(/\/\*[\s\S]*?\*\/|\/\/.*$/g, ''));
      if (where === 'windows') windowsDefs.set(name, (windowsDefs.get(name) ?? 0) + 1);
      else if (where === 'posix') otherDefs.set(name, (otherDefs.get(name) ?? 0) + 1);
      else if (where === 'neutral') {
        if (outright()) macros.always.add(name);
        else neutralDefs.add(name);
      }
      // A project's platform macro is one defined for one side only, and only there.
      for (const n of [name]) {
        macros.windows.delete(n);
        macros.other.delete(n);
        if (windowsDefs.has(n) && !otherDefs.has(n) && !neutralDefs.has(n) && !macros.always.has(n)) macros.windows.add(n);
        if (otherDefs.has(n) && !windowsDefs.has(n) && !neutralDefs.has(n) && !macros.always.has(n)) macros.other.add(n);
      }
    }
  }
  while (stack.length) {
    close(text.length);
    stack.pop();
  }
  return { macros, nonWindows, posixArms };
}

function withoutCommentsAndStrings(code: string): string {
  return code.replace(/"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|\/\/[^\n]*|\/\*[\s\S]*?(?:\*\/|$)/g, ' ');
}
