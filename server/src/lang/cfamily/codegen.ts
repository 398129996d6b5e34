import type { Codegen } from '../../engine/rule';

/** C and C++ code that fixes insert; it compiles with MinGW-w64 (Winsock) and gcc (POSIX) as written. */
export const cCodegen: Codegen = {
  exclusiveUse(handle, name, onError, unit) {
    const call = `setsockopt(${handle}, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&${name}, sizeof(${name}))`;
    if (!onError) return [`BOOL ${name} = TRUE;`, `${call};`];
    return [`BOOL ${name} = TRUE;`, `if (${call} == SOCKET_ERROR) {`, ...onError.map((l) => (l.length ? unit + l : l)), '}'];
  },
  windowsOnly(lines, guard) {
    return [`#ifdef ${guard}`, ...lines, '#endif'];
  },
  gracefulClose(handle, posix, buffer) {
    return [
      `shutdown(${handle}, ${posix ? 'SHUT_WR' : 'SD_SEND'});`,
      `char ${buffer}[512];`,
      `while (recv(${handle}, ${buffer}, sizeof ${buffer}, 0) > 0) {`,
      '}',
    ];
  },
};
