import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');
const APP = join(import.meta.dirname, 'app');

/** The ts blocks of docs/passport.md that name their file (`// src/<path>` on the first line). */
function recipeFiles(): Map<string, string> {
  const markdown = readFileSync(join(ROOT, 'docs/passport.md'), 'utf8');
  const files = new Map<string, string>();
  for (const match of markdown.matchAll(/```ts\n\/\/ src\/(\S+)\n([\s\S]*?)```/g)) {
    files.set(match[1], match[2]);
  }
  return files;
}

function appFiles(dir = APP): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? appFiles(join(dir, entry.name)) : [relative(APP, join(dir, entry.name))],
  );
}

describe('docs/passport.md', () => {
  it('shows every file of the tested Passport app, each exactly as tested', () => {
    const shown = recipeFiles();
    expect([...shown.keys()].sort()).toEqual(appFiles().sort());
    for (const [path, text] of shown) {
      expect([path, text]).toEqual([path, readFileSync(join(APP, path), 'utf8')]);
    }
  });

  it('has no ts block that is not one of those files', () => {
    const markdown = readFileSync(join(ROOT, 'docs/passport.md'), 'utf8');
    expect(markdown.match(/```ts\n/g)?.length).toBe(recipeFiles().size);
  });

  it('type-checks (strict, nodenext) as a whole app', () => {
    const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
    let errors = '';
    try {
      execFileSync(process.execPath, [tsc, '--noEmit', '-p', join(import.meta.dirname, 'tsconfig.recipe.json')], {
        cwd: ROOT,
        encoding: 'utf8',
      });
    } catch (error) {
      errors = String((error as { stdout?: unknown }).stdout ?? error);
    }
    expect(errors).toBe('');
  }, 120_000);
});
