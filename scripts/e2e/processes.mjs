// Every process the end-to-end run starts leads its own session (setsid, via `detached`), so it and
// everything below it can be killed together, on success, failure, timeout or Ctrl+C alike. As a
// safety net, every process also inherits a marker variable unique to the run, which finds those
// that left their session (daemons) as well.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';

const leaders = new Set();
const marker = `SOCKLINT_E2E_RUN=${randomUUID()}`;
process.env.SOCKLINT_E2E_RUN = marker.slice(marker.indexOf('=') + 1);

/** Processes other than this one whose environment carries the run's marker. */
function marked() {
  const found = new Set();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      if (readFileSync(`/proc/${entry}/environ`, 'latin1').split('\0').includes(marker)) found.add(Number(entry));
    } catch {
      // Gone meanwhile, or not ours to read.
    }
  }
  return found;
}

/** spawn() as the leader of a new session and process group. */
export function spawnGroup(command, args, options = {}) {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options, detached: true });
  if (child.pid) leaders.add(child.pid);
  return child;
}

/**
 * Registers this process's children that a library started itself (playwright starts Chromium in
 * a session of its own), so that they are stopped with the rest.
 */
export function adoptChildren() {
  for (const [pid, [parent]] of processTable()) if (parent === process.pid) leaders.add(pid);
}

/** Resolves with the exit code (or the signal's name); rejects only if the command could not start. */
export function exited(child) {
  return new Promise((resolve, reject) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode ?? child.signalCode);
    child.once('error', reject);
    child.once('exit', (code, signal) => resolve(code ?? signal));
  });
}

/** Runs a command to the end, failing with its output if it fails or outlives timeoutMs. */
export async function runGroup(command, args, { timeoutMs, ...options }) {
  const child = spawnGroup(command, args, options);
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const timer = setTimeout(() => killGroupNow(child.pid), timeoutMs);
  try {
    const status = await exited(child);
    if (status !== 0) throw new Error(`${command} ${args.join(' ')} ended with ${status}:\n${output.slice(-4000)}`);
    return output;
  } finally {
    clearTimeout(timer);
  }
}

/** pid -> [parent pid, session id], from /proc. */
function processTable() {
  const table = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // The command name (field 2) may contain spaces and parentheses: split after its closing one.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      table.set(Number(entry), [Number(fields[1]), Number(fields[3])]);
    } catch {
      // Gone meanwhile.
    }
  }
  return table;
}

/** The sessions' members, and descendants that started sessions of their own. */
function processesOf(sessionLeaders) {
  const table = processTable();
  const found = new Set();
  for (const [pid, [, session]] of table) if (sessionLeaders.has(session)) found.add(pid);
  for (const leader of sessionLeaders) if (table.has(leader)) found.add(leader);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, [parent]] of table) {
      if (found.has(parent) && !found.has(pid)) {
        found.add(pid);
        grew = true;
      }
    }
  }
  for (const pid of marked()) found.add(pid);
  found.delete(process.pid);
  return found;
}

function signalAll(pids, groups, signal) {
  for (const group of groups) {
    try {
      process.kill(-group, signal);
    } catch {
      // Already gone.
    }
  }
  for (const pid of pids) {
    try {
      process.kill(pid, signal);
    } catch {
      // Already gone.
    }
  }
}

function killGroupNow(pid) {
  if (pid) signalAll(processesOf(new Set([pid])), [pid], 'SIGKILL');
}

/** SIGTERM to the sessions of `sessionLeaders`, SIGKILL to what is left after graceMs. Returns how many had to be killed. */
async function stopSessions(sessionLeaders, graceMs) {
  const groups = [...sessionLeaders];
  let pids = processesOf(sessionLeaders);
  signalAll(pids, groups, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    pids = new Set([...pids].filter((pid) => isAlive(pid)));
    if (pids.size === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const left = new Set([...processesOf(sessionLeaders), ...pids].filter(isAlive));
  signalAll(left, groups, 'SIGKILL');
  return left.size;
}

/** Stops one process started by spawnGroup, with everything it started. */
export function stopGroup(pid, graceMs = 3000) {
  return pid ? stopSessions(new Set([pid]), graceMs) : Promise.resolve(0);
}

/** Stops everything started so far. */
export function stopAll(graceMs = 3000) {
  return stopSessions(leaders, graceMs);
}

/** For process.on('exit'), which cannot wait. */
export function killAllNow() {
  signalAll(processesOf(leaders), [...leaders], 'SIGKILL');
}

function isAlive(pid) {
  try {
    // A zombie still answers signal 0 but is already dead.
    return !readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.startsWith('Z');
  } catch {
    return false;
  }
}

/** What still runs from this run, found anywhere on the machine by its marker: the final check. */
export function survivors() {
  return [...marked()].filter(isAlive).map((pid) => {
    try {
      return `${pid} ${readFileSync(`/proc/${pid}/cmdline`, 'latin1').split('\0').join(' ').slice(0, 200)}`;
    } catch {
      return String(pid);
    }
  });
}
