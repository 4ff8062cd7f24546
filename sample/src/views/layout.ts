import { createHash } from 'node:crypto';
import { html, SafeHtml } from './html.js';

const STYLES = `
  :root { color-scheme: light dark; font-family: system-ui, sans-serif; }
  body { margin: 0; min-height: 100vh; display: grid; place-items: center; background: #f3f4f6; color: #111827; }
  main { box-sizing: border-box; width: min(22rem, calc(100vw - 2rem)); padding: clamp(1.25rem, 6vw, 2rem);
         border-radius: 0.75rem; background: #fff; box-shadow: 0 1px 3px rgb(0 0 0 / 0.12); overflow-wrap: anywhere; }
  h1 { margin-top: 0; font-size: 1.4rem; }
  label { display: block; margin: 0.9rem 0 0.3rem; font-weight: 600; }
  input { box-sizing: border-box; width: 100%; padding: 0.55rem; border: 1px solid #9ca3af; border-radius: 0.4rem; font: inherit; }
  button { margin-top: 1.2rem; width: 100%; padding: 0.6rem; border: 0; border-radius: 0.4rem;
           background: #2563eb; color: #fff; font: inherit; font-weight: 600; cursor: pointer; }
  .error { padding: 0.6rem; border-radius: 0.4rem; background: #fee2e2; color: #991b1b; }
  .hint { color: #4b5563; font-size: 0.85rem; }
  h2 { margin: 1.8rem 0 0.4rem; font-size: 1.1rem; }
  .sessions { margin: 0; padding: 0; list-style: none; }
  .sessions li { padding: 0.7rem 0; border-bottom: 1px solid #e5e7eb; }
  .badge { padding: 0.1rem 0.45rem; border-radius: 0.4rem; background: #dcfce7; color: #166534; font-size: 0.8rem; }
  button.link { width: auto; margin-top: 0.4rem; padding: 0.3rem 0.8rem; border: 1px solid currentColor;
                background: transparent; color: #b91c1c; }
  @media (prefers-color-scheme: dark) {
    body { background: #111827; color: #f9fafb; } main { background: #1f2937; } .hint { color: #d1d5db; }
    .sessions li { border-color: #374151; } button.link { color: #fca5a5; }
  }
`;

/** The CSP source that allows exactly the page's inline stylesheet and nothing else. */
export const STYLES_CSP_SOURCE = `'sha256-${createHash('sha256').update(STYLES).digest('base64')}'`;

/** The HTML document around a page's content. */
export function layout(title: string, content: SafeHtml): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>${new SafeHtml(STYLES)}</style>
</head>
<body>
<main>
${content}
</main>
</body>
</html>
`.value;
}
