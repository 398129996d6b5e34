import type { Codegen } from '../../engine/rule';
import { modifiesIn, retargetStrings } from '../sourceText';

/** How long a peer gets to finish closing after `end()` before the backstop destroys the socket. */
export const BACKSTOP_MS = 5000;

/**
 * TypeScript/JavaScript code that fixes insert; it type-checks with `tsc --strict` against
 * @types/node. Winsock reached through FFI has no portable way to write error checks or drain
 * buffers (they depend on how the binding declared each function), so those fixes are not offered.
 */
export const tsCodegen: Codegen = {
  exclusiveUse: () => undefined,
  windowsOnly: () => undefined,
  gracefulClose: () => undefined,
  drain: () => undefined,
  checkedCall: () => undefined,
  platformSplit: () => undefined,
  invalidSocketTest: () => undefined,
  modifies: modifiesIn,
  retargetFailure: retargetStrings,
  endWithBackstop(handle, optional) {
    // The socket's own idle timer: it fires only if nothing more arrives, so a peer that answers the
    // FIN closes normally and one that never does is destroyed, without keeping the process alive.
    const h = optional ? `${handle}?.` : `${handle}.`;
    return [`${h}end();`, `${h}setTimeout(${BACKSTOP_MS}, () => ${h}destroy());`];
  },
  bindCallback(lines, indent, unit, eol) {
    return `() => {${eol}${lines.map((l) => (l ? indent + unit + l : l) + eol).join('')}${indent}}`;
  },
};
