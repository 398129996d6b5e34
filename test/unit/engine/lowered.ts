import { type FileAnalysis, analyzeModel } from '../../../server/src/engine/analysis';
import type { Build, FileModel, SocketEvent } from '../../../server/src/engine/ir';
import type { Facts } from '../../../server/src/engine/state';
import { lowerFile } from '../../../server/src/lang/cfamily/lower';
import { Grammars } from '../../../server/src/lang/treesitter';
import { wasmDir } from '../../helpers/analyzer';

let grammars: Promise<Grammars> | undefined;

/** Parses and lowers a snippet the way the analyzer does, without running any rule. */
export async function lower(text: string, grammar: 'c' | 'cpp' = 'c'): Promise<FileModel> {
  grammars ??= Grammars.load(wasmDir());
  const parser = (await grammars).parser(grammar);
  const tree = parser.parse(text)!;
  try {
    return lowerFile(tree.rootNode, text, grammar, 'file:///test.c');
  } finally {
    tree.delete();
    parser.delete();
  }
}

export async function analyze(text: string, grammar: 'c' | 'cpp' = 'c', build?: Build): Promise<FileAnalysis> {
  return analyzeModel(await lower(text, grammar), build);
}

/** The event whose site is exactly the nth occurrence of `site` in the text (helper effects included). */
export function eventAt(a: FileAnalysis, site: string, occurrence = 1, kind?: SocketEvent['kind']): SocketEvent {
  let at = -1;
  for (let i = 0; i < occurrence; i++) {
    at = a.model.text.indexOf(site, at + 1);
    if (at < 0) throw new Error(`no occurrence ${occurrence} of ${site}`);
  }
  const found = a.visits().find((v) => v.ev.site.start === at && v.ev.site.end === at + site.length && (!kind || v.ev.kind === kind));
  if (!found) throw new Error(`no event at ${site}`);
  return found.ev;
}

/** The facts the analysis holds for the event's handle just before the event, by name. */
export function factsBefore(a: FileAnalysis, site: string, occurrence = 1, kind?: SocketEvent['kind']): string[] {
  const ev = eventAt(a, site, occurrence, kind);
  const f: Facts | undefined = a.flows[ev.fn]?.before.get(ev.id);
  return f
    ? [...f.entries()]
        .filter(([, ids]) => ids.size > 0)
        .map(([name]) => name)
        .sort()
    : [];
}
