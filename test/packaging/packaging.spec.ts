import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');

/** The exact public surface of each entry point. Adding or removing a name is an API change: update on purpose. */
const EXPECTED_EXPORTS: Record<string, string[]> = {
  'nestjs-express-session': [
    'ALLOW_ANONYMOUS_KEY',
    'AllowAnonymous',
    'DEFAULT_STORE_TIMEOUT_MS',
    'InjectSessionOptions',
    'InjectSessionStore',
    'RequireRecentLogin',
    'SESSION_MODULE_OPTIONS',
    'SESSION_EVENTS',
    'SESSION_STORE',
    'STORED_VERSION',
    'Session',
    'SessionConfigurationError',
    'SessionGuard',
    'SessionInterruptedException',
    'SessionLimitExceededException',
    'SessionModule',
    'SessionService',
    'SessionStoreHealthIndicator',
    'SessionStoreUnreachableError',
    'SessionUnauthenticatedException',
    'SessionUnavailableException',
    'atRestKey',
    'memoryStore',
    'passportUser',
    'requestOf',
    'sessionOwnerOf',
  ],
  'nestjs-express-session/redis': [
    'DEFAULT_REDIS_CONNECT_TIMEOUT_MS',
    'DEFAULT_REDIS_MAX_RECONNECT_DELAY_MS',
    'DEFAULT_REDIS_SESSION_TTL_SECONDS',
    'RedisSessionStore',
    'redisStore',
  ],
  'nestjs-express-session/mongo': ['DEFAULT_MONGO_CONNECT_TIMEOUT_MS', 'DEFAULT_MONGO_SESSION_TTL_SECONDS', 'mongoStore'],
  'nestjs-express-session/express': ['sessionMiddleware'],
  'nestjs-express-session/websockets': [
    'DEFAULT_REVALIDATE_INTERVAL_MS',
    'SESSION_ENDED_CLOSE_CODE',
    'SessionIoAdapter',
    'SessionWsAdapter',
  ],
  'nestjs-express-session/websockets/socket.io': ['DEFAULT_REVALIDATE_INTERVAL_MS', 'SESSION_ENDED_CLOSE_CODE', 'SessionIoAdapter'],
  'nestjs-express-session/websockets/ws': ['DEFAULT_REVALIDATE_INTERVAL_MS', 'SESSION_ENDED_CLOSE_CODE', 'SessionWsAdapter'],
};

/** Packages the main entry must never load: GraphQL and WebSocket apps are detected by context type. */
const NOT_FROM_MAIN_ENTRY = [
  '@nestjs/graphql',
  '@nestjs/apollo',
  'graphql',
  '@nestjs/websockets',
  '@nestjs/platform-socket.io',
  '@nestjs/platform-ws',
  'socket.io',
  'ws',
];

/** Every bare specifier imported, directly or not, by the built file `entry` (relative imports followed). */
function bareImportsOf(entry: string): Set<string> {
  const bare = new Set<string>();
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) {
      return;
    }
    seen.add(file);
    const source = readFileSync(file, 'utf8');
    for (const match of source.matchAll(/^(?:import|export)\s[^;]*?from\s*['"]([^'"]+)['"]|^import\s*['"]([^'"]+)['"]/gm)) {
      const specifier = match[1] ?? match[2];
      if (specifier.startsWith('.')) {
        visit(resolve(join(file, '..'), specifier));
      } else {
        bare.add(specifier);
      }
    }
  };
  visit(entry);
  return bare;
}

/**
 * Installs the built package by name into a throw-away consumer project (a symlink in node_modules, as
 * `npm link` does) and runs plain Node scripts there: the same resolution a user's app goes through.
 */
describe('the built package, imported by name from plain Node', () => {
  let consumer: string;

  beforeAll(() => {
    // `npm test` builds first (pretest); build here too when the spec runs alone.
    if (!existsSync(join(ROOT, 'dist/index.js'))) {
      execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
    }
    consumer = mkdtempSync(join(tmpdir(), 'nes-consumer-'));
    mkdirSync(join(consumer, 'node_modules'));
    symlinkSync(ROOT, join(consumer, 'node_modules', 'nestjs-express-session'), 'dir');
    writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true }));
  });

  afterAll(() => {
    rmSync(consumer, { recursive: true, force: true });
  });

  function run(file: string, source: string): string {
    writeFileSync(join(consumer, file), source);
    return execFileSync(process.execPath, ['--no-warnings', file], {
      cwd: consumer,
      encoding: 'utf8',
      env: { ...process.env, NODE_OPTIONS: '' },
    });
  }

  it.each(Object.entries(EXPECTED_EXPORTS))('ESM import of %s exposes exactly the expected names', (entry, names) => {
    const output = run('esm.mjs', `import * as lib from '${entry}';\nconsole.log(JSON.stringify(Object.keys(lib).sort()));`);
    expect(JSON.parse(output)).toEqual([...names].sort());
  });

  it.each(Object.entries(EXPECTED_EXPORTS))('CommonJS require of %s exposes the same names', (entry, names) => {
    const output = run(
      'cjs.cjs',
      `const lib = require('${entry}');\nconsole.log(JSON.stringify(Object.keys(lib).filter((k) => k !== '__esModule' && k !== 'module.exports').sort()));`,
    );
    expect(JSON.parse(output)).toEqual([...names].sort());
  });

  it('the module and its decorators work from the built package', () => {
    const output = run(
      'use.mjs',
      [
        "import { SessionModule, SessionGuard, Session } from 'nestjs-express-session';",
        "const dynamic = SessionModule.forRoot({ secret: 'x'.repeat(32) });",
        'console.log(JSON.stringify({ global: dynamic.global, module: dynamic.module.name, guard: typeof SessionGuard, param: typeof Session() }));',
      ].join('\n'),
    );
    expect(JSON.parse(output)).toEqual({ global: true, module: 'SessionModule', guard: 'function', param: 'function' });
  });

  it('the main entry imports neither GraphQL nor WebSocket packages, directly or not', () => {
    const imported = [...bareImportsOf(join(ROOT, 'dist/index.js'))];
    expect(imported).toContain('@nestjs/common');
    expect(imported.filter((specifier) => NOT_FROM_MAIN_ENTRY.some((name) => specifier === name || specifier.startsWith(`${name}/`)))).toEqual([]);
    expect([...bareImportsOf(join(ROOT, 'dist/websockets.js'))]).toEqual(expect.arrayContaining(['@nestjs/websockets', '@nestjs/platform-socket.io', '@nestjs/platform-ws']));
  });

  it('each WebSocket platform has an entry that loads only its own platform package', () => {
    const io = [...bareImportsOf(join(ROOT, 'dist/websockets-socket.io.js'))];
    expect(io).toEqual(expect.arrayContaining(['@nestjs/websockets', '@nestjs/platform-socket.io']));
    expect(io).not.toContain('@nestjs/platform-ws');
    const ws = [...bareImportsOf(join(ROOT, 'dist/websockets-ws.js'))];
    expect(ws).toEqual(expect.arrayContaining(['@nestjs/websockets', '@nestjs/platform-ws']));
    expect(ws).not.toContain('@nestjs/platform-socket.io');
  });

  it('every entry of the exports map points at built files', () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      exports: Record<string, string | { types: string; default: string }>;
    };
    for (const target of Object.values(manifest.exports)) {
      const files = typeof target === 'string' ? [target] : [target.types, target.default];
      for (const file of files) {
        expect([file, existsSync(join(ROOT, file))]).toEqual([file, true]);
      }
    }
  });

  it('a TypeScript consumer (nodenext) type-checks against the published types', () => {
    writeFileSync(
      join(consumer, 'consumer.ts'),
      [
        "import { passportUser, SessionModule, SessionService, type SessionModuleOptions } from 'nestjs-express-session';",
        "const options: SessionModuleOptions = { secret: 'x', cookie: { maxAge: 1000 }, storeTimeout: 500 };",
        "export const passportApp = SessionModule.forRoot({ secret: 'x', isAuthenticated: passportUser });",
        'export const dynamic = SessionModule.forRoot(options);',
        'export type Login = SessionService["login"];',
        "import { SessionIoAdapter, type SessionWebSocketOptions } from 'nestjs-express-session/websockets/socket.io';",
        "import { SessionWsAdapter } from 'nestjs-express-session/websockets/ws';",
        'export type WsAdapterType = SessionWsAdapter;',
        'export const socketOptions: SessionWebSocketOptions = { revalidateInterval: 1000, disconnectEnded: true };',
        'export type Adapter = SessionIoAdapter;',
      ].join('\n'),
    );
    const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
    const args = ['--noEmit', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--strict', '--skipLibCheck'];
    expect(() =>
      execFileSync(process.execPath, [tsc, ...args, '--types', 'node', '--typeRoots', join(ROOT, 'node_modules/@types'), 'consumer.ts'], {
        cwd: consumer,
        encoding: 'utf8',
      }),
    ).not.toThrow();
  });
});

interface Manifest {
  license?: string;
  files?: string[];
  repository?: { type?: string; url?: string };
  bugs?: { url?: string };
  homepage?: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

function readManifest(path: string): Manifest {
  return JSON.parse(readFileSync(path, 'utf8')) as Manifest;
}

/** Every bare package name the built declaration files import from. */
function packagesImportedByDeclarations(dir = join(ROOT, 'dist')): Set<string> {
  const names = new Set<string>();
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      packagesImportedByDeclarations(path).forEach((name) => names.add(name));
    } else if (entry.name.endsWith('.d.ts')) {
      for (const match of readFileSync(path, 'utf8').matchAll(/from '([^.'][^']*)'/g)) {
        if (match[1].startsWith('node:')) {
          continue; // Node's built-ins: typed by @types/node, which every TypeScript user of Node has.
        }
        const parts = match[1].split('/');
        names.add(match[1].startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]);
      }
    }
  }
  return names;
}

describe('the package as a user finds it', () => {
  const manifest = readManifest(join(ROOT, 'package.json'));

  beforeAll(() => {
    if (!existsSync(join(ROOT, 'dist/index.d.ts'))) {
      execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
    }
  });

  it('ships an MIT LICENSE and a CHANGELOG, listed in files', () => {
    expect(manifest.license).toBe('MIT');
    expect(readFileSync(join(ROOT, 'LICENSE'), 'utf8')).toMatch(/^MIT License\n\nCopyright \(c\) \d{4} nestjs-express-session contributors\n/);
    expect(readFileSync(join(ROOT, 'CHANGELOG.md'), 'utf8')).toMatch(/## \[Unreleased\]/);
    expect(manifest.files).toEqual(expect.arrayContaining(['dist', 'LICENSE', 'CHANGELOG.md']));
  });

  it('names its repository, issue tracker and home page', () => {
    const repository = 'github.com/nestjs-express-session/nestjs-express-session';
    expect(manifest.repository).toEqual({ type: 'git', url: `git+https://${repository}.git` });
    expect(manifest.bugs).toEqual({ url: `https://${repository}/issues` });
    expect(manifest.homepage).toBe(`https://${repository}#readme`);
  });

  it('depends on @types/express and @types/express-session, which its own .d.ts files need', () => {
    expect(Object.keys(manifest.dependencies ?? {})).toEqual(expect.arrayContaining(['@types/express', '@types/express-session']));
    expect(Object.keys(manifest.devDependencies ?? {})).not.toEqual(
      expect.arrayContaining([expect.stringMatching(/^@types\/express(-session)?$/)]),
    );
  });

  it('every package its .d.ts files import resolves for a user: a dependency or peer with its own types, or its @types in dependencies', () => {
    const provided = { ...manifest.dependencies, ...manifest.peerDependencies };
    const imported = [...packagesImportedByDeclarations()];
    expect(imported).toEqual(expect.arrayContaining(['express', 'express-session']));
    for (const name of imported) {
      const typesPackage = `@types/${name.replace(/^@/, '').replace('/', '__')}`;
      const own = readManifest(join(ROOT, 'node_modules', name, 'package.json')) as Manifest & { types?: string; typings?: string; exports?: unknown };
      const shipsTypes =
        own.types !== undefined ||
        own.typings !== undefined ||
        JSON.stringify(own.exports ?? {}).includes('"types"') ||
        existsSync(join(ROOT, 'node_modules', name, 'index.d.ts'));
      const resolves = shipsTypes ? name in provided : typesPackage in (manifest.dependencies ?? {});
      expect([name, resolves]).toEqual([name, true]);
    }
  });
});
