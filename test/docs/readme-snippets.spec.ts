import {
  brokenLinks,
  CachingHost,
  codeBlocks,
  documentationPages,
  isCheckedTypeScript,
  isFragment,
  readPage,
  typeCheckPage,
} from './markdown-snippets.js';

/** Its blocks are the files of the tested Passport app (test/passport/passport-recipe.spec.ts keeps them equal). */
const CHECKED_ELSEWHERE = new Set(['docs/passport.md']);

/** Every relative link must resolve. */
const ALLOWED_MISSING = new Set<string>();

/** At most this many ```ts fragment blocks (illustrations that cannot compile on their own) across all pages. */
const MAX_FRAGMENTS = 5;

const pages = documentationPages().filter((page) => !CHECKED_ELSEWHERE.has(page));

describe('documentation code blocks', () => {
  const host = new CachingHost();

  it.each(pages)('every ```ts block of %s compiles against lib/', (page) => {
    const blocks = codeBlocks(readPage(page)).filter(isCheckedTypeScript);
    const errors = typeCheckPage(page, blocks, host).map((error) => `${error.page}:${error.line}: ${error.message}`);
    expect(errors).toEqual([]);
  }, 120_000);

  it(`marks at most ${MAX_FRAGMENTS} blocks as \`ts fragment\``, () => {
    const fragments = pages.flatMap((page) => codeBlocks(readPage(page)).filter(isFragment).map((block) => `${page}:${block.line}`));
    expect(fragments.length).toBeLessThanOrEqual(MAX_FRAGMENTS);
  });

  it('the README has code blocks to check (the extraction works)', () => {
    expect(codeBlocks(readPage('README.md')).filter(isCheckedTypeScript).length).toBeGreaterThanOrEqual(8);
  });
});

describe('documentation links', () => {
  it.each(documentationPages())('every relative link of %s resolves to a file (and heading)', (page) => {
    expect(brokenLinks(page, ALLOWED_MISSING)).toEqual([]);
  });
});
