import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

/** One fenced code block of a Markdown page. */
export interface CodeBlock {
  /** The info string after the fence, e.g. `ts` or `ts fragment`. */
  readonly info: string;
  readonly code: string;
  /** 1-based line of the block's first code line in the page. */
  readonly line: number;
}

/** Info-string word that exempts a ```ts block from type-checking (for a handful of illustrative fragments). */
export const FRAGMENT_MARKER = 'fragment';

/** The fenced code blocks of `markdown`, in order. */
export function codeBlocks(markdown: string): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  const lines = markdown.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const open = /^(`{3,})(.*)$/.exec(lines[index]);
    if (!open) {
      continue;
    }
    const fence = open[1];
    const start = index + 1;
    let end = start;
    while (end < lines.length && !lines[end].startsWith(fence)) {
      end++;
    }
    blocks.push({ info: open[2].trim(), code: lines.slice(start, end).join('\n'), line: start + 1 });
    index = end;
  }
  return blocks;
}

/** True for a ```ts block that must compile. */
export function isCheckedTypeScript(block: CodeBlock): boolean {
  const words = block.info.split(/\s+/);
  return (words[0] === 'ts' || words[0] === 'typescript') && !words.includes(FRAGMENT_MARKER);
}

/** True for a ```ts block marked as a fragment. */
export function isFragment(block: CodeBlock): boolean {
  const words = block.info.split(/\s+/);
  return (words[0] === 'ts' || words[0] === 'typescript') && words.includes(FRAGMENT_MARKER);
}

/** A type error in a block, located in its page. */
export interface SnippetError {
  readonly page: string;
  readonly line: number;
  readonly message: string;
}

const ROOT = resolve(dirname(new URL(import.meta.url).pathname), '../..');
const FIXTURES = join(ROOT, 'test/docs/fixtures');
/** Virtual project of each page (never written to disk); under the root, so its package.json (`"type": "module"`) applies. */
const VIRTUAL_ROOT = join(ROOT, 'test/docs/.snippets');

/**
 * Type-checks a page's ```ts blocks as one small project with the repository's tsconfig, where the package
 * names resolve to `lib/` (tsconfig `paths`). A block whose first line is a comment naming a file
 * (`// src/app.module.ts`) is that file, so blocks of one page can import each other (`./app.module.js`); other
 * blocks get a file of their own. `test/docs/fixtures/*.ts` stand in for app files a recipe imports but does
 * not show (`./users.service.js`).
 */
export function typeCheckPage(page: string, blocks: readonly CodeBlock[], host: CachingHost): SnippetError[] {
  const pageRoot = join(VIRTUAL_ROOT, page.replace(/[^A-Za-z0-9]+/g, '_'));
  const files = new Map<string, { code: string; line: number }>();
  for (const fixture of readdirSync(FIXTURES).filter((name) => name.endsWith('.ts'))) {
    files.set(join(pageRoot, 'src', fixture), { code: readFileSync(join(FIXTURES, fixture), 'utf8'), line: 0 });
  }
  const roots: string[] = [];
  blocks.forEach((block, index) => {
    const named = /^\/\/ (src\/[\w./-]+\.ts)\s*$/.exec(block.code.split('\n')[0]);
    const file = join(pageRoot, named ? named[1] : `src/snippet-${index + 1}.ts`);
    if (roots.includes(file)) {
      throw new Error(`${page}:${block.line}: a second block names ${named?.[1]}`);
    }
    files.set(file, { code: block.code, line: block.line });
    roots.push(file);
  });
  const program = ts.createProgram({ rootNames: roots, options: host.options, host: host.withVirtualFiles(files) });
  const errors: SnippetError[] = [];
  for (const file of roots) {
    const source = program.getSourceFile(file);
    for (const diagnostic of ts.getPreEmitDiagnostics(program, source)) {
      const start = diagnostic.start ?? 0;
      const at = diagnostic.file ? diagnostic.file.getLineAndCharacterOfPosition(start).line : 0;
      const origin = diagnostic.file?.fileName === file ? files.get(file)!.line + at : files.get(file)!.line;
      const where = diagnostic.file && diagnostic.file.fileName !== file ? ` (in ${relative(ROOT, diagnostic.file.fileName)})` : '';
      errors.push({ page, line: origin, message: ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n') + where });
    }
  }
  return errors;
}

/** A compiler host over the real file system that parses each library and `.d.ts` file once for all pages. */
export class CachingHost {
  readonly options: ts.CompilerOptions;
  private readonly base: ts.CompilerHost;
  private readonly cache = new Map<string, ts.SourceFile | undefined>();

  constructor() {
    const parsed = ts.getParsedCommandLineOfConfigFile(join(ROOT, 'tsconfig.json'), {}, {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
        throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
      },
    });
    // Every block is a module of its own (top-level await, no globals shared between blocks).
    this.options = { ...parsed!.options, noEmit: true, moduleDetection: ts.ModuleDetectionKind.Force };
    this.base = ts.createCompilerHost(this.options, true);
  }

  withVirtualFiles(files: ReadonlyMap<string, { code: string }>): ts.CompilerHost {
    const base = this.base;
    const cache = this.cache;
    return {
      ...base,
      fileExists: (name) => files.has(name) || base.fileExists(name),
      directoryExists: (name) =>
        [...files.keys()].some((file) => file.startsWith(`${name}/`)) || (base.directoryExists?.(name) ?? ts.sys.directoryExists(name)),
      realpath: (name) => (files.has(name) ? name : (base.realpath?.(name) ?? name)),
      readFile: (name) => files.get(name)?.code ?? base.readFile(name),
      getSourceFile: (name, languageVersion, onError) => {
        const virtual = files.get(name);
        if (virtual) {
          return ts.createSourceFile(name, virtual.code, languageVersion, true);
        }
        if (!cache.has(name)) {
          cache.set(name, base.getSourceFile(name, languageVersion, onError));
        }
        return cache.get(name);
      },
    };
  }
}

/** A relative link of a page whose target does not exist, or whose `#anchor` names no heading. */
export interface BrokenLink {
  readonly page: string;
  readonly target: string;
  readonly reason: string;
}

/** Checks every relative Markdown link of `page` (a path relative to the root); `allowMissing` lists root-relative files that may be absent. */
export function brokenLinks(page: string, allowMissing: ReadonlySet<string>): BrokenLink[] {
  const markdown = readFileSync(join(ROOT, page), 'utf8');
  const withoutCode = markdown.replace(/^(`{3,})[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '').replace(/`[^`\n]*`/g, '');
  const broken: BrokenLink[] = [];
  for (const match of withoutCode.matchAll(/\]\(([^)\s]+)\)/g)) {
    const target = match[1];
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) {
      continue;
    }
    const [path, anchor] = target.split('#');
    const file = path === '' ? join(ROOT, page) : resolve(ROOT, dirname(page), path);
    const fromRoot = relative(ROOT, file);
    if (!existsSync(file)) {
      if (!allowMissing.has(fromRoot)) {
        broken.push({ page, target, reason: `${fromRoot} does not exist` });
      }
      continue;
    }
    if (anchor !== undefined && file.endsWith('.md') && !headingSlugs(readFileSync(file, 'utf8')).has(anchor)) {
      broken.push({ page, target, reason: `${fromRoot} has no heading #${anchor}` });
    }
  }
  return broken;
}

/** GitHub's anchors of a page's headings (lower case, punctuation dropped, spaces to hyphens). */
export function headingSlugs(markdown: string): Set<string> {
  const slugs = new Set<string>();
  const withoutCode = markdown.replace(/^(`{3,})[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '');
  for (const match of withoutCode.matchAll(/^#{1,6} (.+)$/gm)) {
    const base = match[1].trim().toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, '').replace(/ /g, '-');
    let slug = base;
    for (let n = 1; slugs.has(slug); n++) {
      slug = `${base}-${n}`;
    }
    slugs.add(slug);
  }
  return slugs;
}

/** README.md, ARCHITECTURE.md and docs/*.md, relative to the root. */
export function documentationPages(): string[] {
  const docs = existsSync(join(ROOT, 'docs')) ? readdirSync(join(ROOT, 'docs')).filter((name) => name.endsWith('.md')).map((name) => `docs/${name}`) : [];
  return ['README.md', 'ARCHITECTURE.md', ...docs].filter((page) => existsSync(join(ROOT, page)));
}

export function readPage(page: string): string {
  return readFileSync(join(ROOT, page), 'utf8');
}
