import { MarkupKind } from 'vscode-languageserver/node';
import type { Hover } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { type FileAnalysis, analyzeModel } from './engine/analysis';
import type { Build, FileModel, SocketEvent } from './engine/ir';
import { buildsOf } from './engine/run';
import type { Settings } from './engine/settings';
import { F, type Facts, evidence, has } from './engine/state';
import type { Finding } from './engine/findings';
import { ruleDocUrl, rules } from './rules';

/** The calls a hover describes: where a socket is made, configured, bound, used for serving or ended. */
const described = new Set<SocketEvent['kind']>(['create', 'setsockopt', 'bind', 'listen', 'connect', 'shutdown', 'close']);

type Described = Extract<SocketEvent, { h: string }>;

/** Dataflow results per model and build: a hover does not redo the file for every mouse move. */
const analyses = new WeakMap<FileModel, Map<string, FileAnalysis>>();

function analysisOf(model: FileModel, build: Build | undefined): FileAnalysis {
  let byBuild = analyses.get(model);
  if (!byBuild) analyses.set(model, (byBuild = new Map()));
  let analysis = byBuild.get(String(build));
  if (!analysis) byBuild.set(String(build), (analysis = analyzeModel(model, build)));
  return analysis;
}

/**
 * Hover on a socket call: what socklint knows of that handle just before the call, per build the
 * file is analysed as, and on a bind in Windows code what a second bind to the same port would get.
 */
export function socketHover(document: TextDocument, model: FileModel, settings: Settings, offset: number, findings: readonly Finding[] = []): Hover | undefined {
  const ev = eventAt(model, offset);
  if (!ev) return undefined;
  const line = (o: number) => document.positionAt(o).line + 1;
  const sections: Array<{ builds: string[]; body: string }> = [];
  for (const build of buildsOf(model, settings)) {
    const analysis = analysisOf(model, build);
    const flow = analysis.flows[ev.fn];
    // A function only one build compiles says nothing in the other.
    if (!flow || !flow.blockOf.has(ev.id)) continue;
    const before = flow.before.get(ev.id);
    const windows = build === 'windows' ? ev.region !== 'posix' || settings.platform === 'windows' : build === 'posix' ? false : ev.region !== 'posix';
    const body = [...describeHandle(ev, before, analysis, line), ...(ev.kind === 'bind' && windows && ev.dialect !== 'node' ? secondBind(ev, before) : [])].join('\n');
    const name = ev.dialect === 'node' ? 'Node.js, any platform' : build === 'windows' ? 'Windows build' : build === 'posix' ? 'POSIX build' : windows ? 'Windows code' : 'POSIX code';
    const same = sections.find((s) => s.body === body);
    if (same) same.builds.push(name);
    else sections.push({ builds: [name], body });
  }
  if (!sections.length) return undefined;
  const end = calleeEnd(model.text, ev);
  const title = `**socklint** · \`${model.text.slice(ev.site.start, end).trim()}\` on \`${ev.handleText}\``;
  const value = [title, ...sections.map((s) => `\n*${s.builds.join(', ')}*\n\n${s.body}`), ...reportedHere(ev, findings)].join('\n');
  return { contents: { kind: MarkupKind.Markdown, value }, range: { start: document.positionAt(ev.site.start), end: document.positionAt(end) } };
}

/** The rules that report this call, each with its one-line description and page, as clangd names a diagnostic's check. */
function reportedHere(ev: Described, findings: readonly Finding[]): string[] {
  const ids = [...new Set(findings.filter((f) => f.start < ev.site.end && f.end > ev.site.start).map((f) => f.ruleId))];
  const lines = ids.flatMap((id) => {
    const meta = rules.find((r) => r.meta.id === id)?.meta;
    return meta ? [`- [\`${id}\`](${ruleDocUrl(id)}): ${meta.docs.description}`] : [];
  });
  return lines.length ? ['', '**Reported here:**', '', ...lines] : [];
}

/** The socket call whose name (up to its opening parenthesis) holds the offset; the innermost wins. */
function eventAt(model: FileModel, offset: number): Described | undefined {
  let best: Described | undefined;
  for (const ev of model.events) {
    if (!described.has(ev.kind) || !('h' in ev) || ev.viaHelper) continue;
    if (offset < ev.site.start || offset > calleeEnd(model.text, ev)) continue;
    if (!best || ev.site.end - ev.site.start < best.site.end - best.site.start) best = ev;
  }
  return best;
}

function calleeEnd(text: string, ev: SocketEvent): number {
  const paren = text.indexOf('(', ev.site.start);
  return paren >= 0 && paren < ev.site.end ? paren : ev.site.end;
}

function describeHandle(ev: Described, before: Facts | undefined, analysis: FileAnalysis, line: (o: number) => number): string[] {
  const h = `\`${ev.handleText}\``;
  if (ev.kind === 'create') {
    const type = ev.sockType === 'dgram' ? 'a datagram socket' : ev.sockType === 'stream' ? 'a stream socket' : ev.sockType === 'raw' ? 'a raw socket' : 'a socket';
    // Options the call itself sets (`dgram.createSocket({ reuseAddr: true })`, an asio acceptor's constructor).
    const own = analysis.model.events.filter(
      (e): e is Extract<SocketEvent, { kind: 'setsockopt' }> => e.kind === 'setsockopt' && e.h === ev.h && e.enabled === true && e.site.start >= ev.site.start && e.site.end <= ev.site.end,
    );
    const options = own.length ? `, with ${[...new Set(own.map((e) => `\`${e.option}\``))].join(', ')} set by this call` : ', with no options set yet';
    if (ev.accepted) return [`- **Accepts** a connection: ${h} is a new connected stream socket`];
    return [ev.api === 'createServer' ? `- **Creates** a server in ${h}; its connections arrive as new sockets` : `- **Creates** ${type} in ${h}${options}`];
  }
  const events = (fact: string) =>
    evidence(before, fact)
      .map((id) => analysis.event(id))
      .filter((e): e is SocketEvent => !!e);
  const at = (list: SocketEvent[]) => [...new Set(list.map((e) => line(e.site.start)))].map((n) => `line ${n}`).join(', ');
  const out: string[] = [];
  const created = events(F.created).filter((e): e is Extract<SocketEvent, { kind: 'create' }> => e.kind === 'create');
  if (created.length) {
    const first = created[0];
    const how =
      first.dialect === 'node' ? (first.accepted ? 'a connection a server received,' : first.api === 'typed' ? 'a socket by its declared type,' : `by \`${first.api}()\``) : `by \`${first.api}()\``;
    const type = has(before, F.dgram) ? ', a datagram socket' : has(before, F.stream) ? ', a stream socket' : '';
    const verb = first.accepted ? 'Accepted' : 'Created';
    out.push(`- **${verb}:** ${how} at ${at(created)}${type}${has(before, F.unknown) ? ' (on some paths it comes from elsewhere)' : ''}`);
  } else {
    out.push(`- **Created:** elsewhere (a parameter, a field, another function): socklint does not know what was done to ${h} before this function`);
  }
  const options = [...(before?.keys() ?? [])].filter((k) => k.startsWith('opt:')).sort();
  if (options.length) {
    const someOnly = (name: string) => (name === 'SO_EXCLUSIVEADDRUSE' && has(before, F.noExclusive) ? ' on some paths only' : '');
    out.push(`- **Options set:** ${options.map((k) => `\`${k.slice(4)}\`${someOnly(k.slice(4))} (${at(events(k))})`).join(', ')}`);
  } else out.push(`- **Options set:** none${created.length ? '' : ' in this function'}`);
  const state: string[] = [];
  if (has(before, F.bound)) state.push(`bound (${at(events(F.bound))})`);
  if (has(before, F.listening)) state.push(`listening (${at(events(F.listening))})`);
  if (has(before, F.connected)) state.push(`connected (${at(events(F.connected))})`);
  if (has(before, F.shutUndrained)) state.push(`shut down for sending, not yet drained (${at(events(F.shutUndrained))})`);
  if (has(before, F.nonblocking)) state.push('non-blocking');
  if (has(before, F.membership)) state.push('in a multicast group');
  if (has(before, F.escaped)) state.push(`passed to code socklint cannot see (${at(events(F.escaped))})`);
  const closed = !!before && !has(before, F.unknown) && !created.length;
  const idle = created.some((c) => c.accepted) ? 'no longer connected (shut down and drained, or the connection failed)' : 'not bound, listening or connected';
  out.push(`- **State:** ${state.length ? state.join(', ') : closed ? 'closed, or not a socket' : idle}`);
  return out;
}

type Row = [string, string, string];
type Options = 'default' | 'reuse' | 'exclusive';

const inUse = 'fails: `WSAEADDRINUSE` (10048)';
const denied = 'fails: `WSAEACCES` (10013)';
const takes = '**succeeds**, and takes the traffic sent to that address';
const shares = '**succeeds**: both share the port; which one receives the traffic is undefined';
const elsewhere = "**succeeds**, for the machine's other addresses: this address's traffic still comes here";

/**
 * Winsock's bind table (both sockets under one user account), per the first socket's options and
 * address: what a second socket gets when it binds the wildcard address, and when it binds the
 * first socket's address ("specific"). Microsoft's "Using SO_REUSEADDR and SO_EXCLUSIVEADDRUSE".
 */
const tables: Record<'wildcard' | 'specific', Record<Options, Row[]>> = {
  wildcard: {
    default: [
      ['sets nothing', inUse, takes],
      ['sets `SO_REUSEADDR`', denied, takes],
      ['sets `SO_EXCLUSIVEADDRUSE`', inUse, takes],
    ],
    reuse: [
      ['sets nothing', inUse, takes],
      ['sets `SO_REUSEADDR`', shares, takes],
      ['sets `SO_EXCLUSIVEADDRUSE`', inUse, takes],
    ],
    exclusive: [
      ['sets nothing', inUse, denied],
      ['sets `SO_REUSEADDR`', denied, denied],
      ['sets `SO_EXCLUSIVEADDRUSE`', inUse, denied],
    ],
  },
  specific: {
    default: [
      ['sets nothing', elsewhere, inUse],
      ['sets `SO_REUSEADDR`', elsewhere, denied],
      ['sets `SO_EXCLUSIVEADDRUSE`', inUse, inUse],
    ],
    reuse: [
      ['sets nothing', elsewhere, denied],
      ['sets `SO_REUSEADDR`', elsewhere, shares],
      ['sets `SO_EXCLUSIVEADDRUSE`', inUse, inUse],
    ],
    exclusive: [
      ['sets nothing', elsewhere, inUse],
      ['sets `SO_REUSEADDR`', elsewhere, denied],
      ['sets `SO_EXCLUSIVEADDRUSE`', inUse, inUse],
    ],
  },
};

const summaries: Record<'wildcard' | 'specific', Record<Options, string>> = {
  wildcard: {
    exclusive: 'With `SO_EXCLUSIVEADDRUSE` set, any second bind to this port fails: `WSAEADDRINUSE` (10048), or `WSAEACCES` (10013) when the second socket sets `SO_REUSEADDR`.',
    reuse: 'With `SO_REUSEADDR` set, a second socket that also sets `SO_REUSEADDR` can bind this very port, and which socket receives the traffic is then undefined.',
    default: 'Without `SO_EXCLUSIVEADDRUSE`, a second socket that binds a specific local address on this port succeeds and takes the traffic for that address.',
  },
  specific: {
    exclusive:
      "With `SO_EXCLUSIVEADDRUSE` set, a second bind to this address and port fails: `WSAEADDRINUSE` (10048), or `WSAEACCES` (10013) when the second socket sets `SO_REUSEADDR`. A socket on the wildcard address can still serve the port on the machine's other addresses.",
    reuse: 'With `SO_REUSEADDR` set, a second socket that also sets `SO_REUSEADDR` can bind this very address and port, and which socket receives the traffic is then undefined.',
    default: "Without either option, a second bind to this address and port fails; a socket on the wildcard address still serves the port on the machine's other addresses.",
  },
};

/** What a second bind to the same port would get, from the first socket's options and address at this bind. */
function secondBind(ev: Extract<SocketEvent, { kind: 'bind' }>, before: Facts | undefined): string[] {
  if (ev.port === 0) return ['', 'Port 0: the system picks a free port, so no second socket can aim for it.'];
  const known = !!before && !has(before, F.unknown) && has(before, F.created);
  const rows: Options[] = [];
  if (!known) rows.push('default', 'reuse', 'exclusive');
  else {
    if (has(before, F.exclusive)) rows.push('exclusive');
    if (has(before, F.noExclusive)) rows.push(has(before, F.reuseaddr) ? 'reuse' : 'default');
  }
  const where = ev.address ?? 'wildcard';
  const port = ev.port === undefined ? 'this port' : `port ${ev.port}`;
  const first =
    ev.address === 'specific'
      ? 'a first socket bound to one specific address'
      : ev.address === 'wildcard'
        ? 'a first socket on the wildcard address'
        : 'a first socket on the wildcard address, as services usually bind: socklint cannot see the address';
  const out = ['', `**A second bind to ${port}** (Winsock's table for ${first}; both sockets under one user account):`];
  if (!known) out.push('', 'socklint cannot see which options this socket got where it was created, so every row applies.');
  else if (rows.length > 1) out.push('', 'The options differ between paths to this bind, so both rows apply.');
  const columns =
    where === 'specific' ? '| The second socket | binds the wildcard address | binds this same address |' : '| The second socket | binds the wildcard address | binds a specific address |';
  for (const row of rows) {
    out.push('', summaries[where][row], '', columns, '|---|---|---|');
    for (const [who, wildcard, specific] of tables[where][row]) out.push(`| ${who} | ${wildcard} | ${specific} |`);
  }
  return out;
}
