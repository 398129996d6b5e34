import { test } from 'node:test';
import { lateReuseAddrC, lateReuseAddrCpp } from './samples';
import { assertCompilesForWindows } from './windowsCompile';

test('the server test programs are valid Windows C and C++', (t) => {
  assertCompilesForWindows(t, 'c', lateReuseAddrC, 'lateReuseAddrC');
  assertCompilesForWindows(t, 'cpp', lateReuseAddrCpp, 'lateReuseAddrCpp');
});
