import type { Codegen } from '../../engine/rule';
import { modifiesIn, retargetStrings } from '../sourceText';

/** One level deeper; preprocessor lines stay at column 0. */
function nest(lines: string[], unit: string): string[] {
  return lines.map((l) => (l.length && !l.startsWith('#') ? unit + l : l));
}

/** C and C++ code that fixes insert; it compiles with MinGW-w64 (Winsock) and gcc (POSIX) as written. */
export const cCodegen = {
  exclusiveUse(handle, name, onError, unit) {
    const call = `setsockopt(${handle}, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&${name}, sizeof(${name}))`;
    if (!onError) return [`BOOL ${name} = TRUE;`, `${call};`];
    return [`BOOL ${name} = TRUE;`, `if (${call} == SOCKET_ERROR) {`, ...nest(onError, unit), '}'];
  },
  windowsOnly(lines, guard) {
    return [`#ifdef ${guard}`, ...lines, '#endif'];
  },
  gracefulClose(handle: string, posix: boolean, buffer: string): string[] {
    return [`shutdown(${handle}, ${posix ? 'SHUT_WR' : 'SD_SEND'});`, ...cCodegen.drain(handle, buffer)];
  },
  drain(handle: string, buffer: string): string[] {
    return [`char ${buffer}[512];`, `while (recv(${handle}, ${buffer}, sizeof ${buffer}, 0) > 0) {`, '}'];
  },
  checkedCall(call, flavour, onError, unit) {
    // bind and friends return 0 on success everywhere; SOCKET_ERROR exists only with Winsock.
    const test = flavour === 'winsock' ? `${call} == SOCKET_ERROR` : flavour === 'posix' ? `${call} < 0` : `${call} != 0`;
    return [`if (${test}) {`, ...nest(onError, unit), '}'];
  },
  platformSplit(windows, other, macro) {
    return [`#ifdef ${macro}`, ...windows, '#else', ...other, '#endif'];
  },
  invalidSocketTest(handle, valid) {
    return `${handle} ${valid ? '!=' : '=='} INVALID_SOCKET`;
  },
  modifies: modifiesIn,
  retargetFailure: retargetStrings,
} satisfies Codegen;
