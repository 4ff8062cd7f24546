import type { UserSessionInfo } from 'nestjs-express-session';
import { html } from './html.js';
import { layout } from './layout.js';
import { sessionsSection } from './sessions-section.js';

/** What the login page shows besides the form. */
export interface LoginPageOptions {
  /** An error to show above the form. */
  error?: string;
  /** The username typed before, to fill the field again. */
  username?: string;
}

/** The page for anonymous visitors: the login form (posted as a classic form, no JavaScript). */
export function renderLoginPage({ error, username }: LoginPageOptions = {}): string {
  return layout(
    'Sign in',
    html`<h1>Sign in</h1>
${error ? html`<p class="error" role="alert">${error}</p>` : ''}
<form method="post" action="/auth/login">
  <label for="username">Username</label>
  <input id="username" name="username" autocomplete="username" required maxlength="64" value="${username ?? ''}">
  <label for="password">Password</label>
  <input id="password" name="password" type="password" autocomplete="current-password" required maxlength="256">
  <button type="submit">Sign in</button>
</form>
<p class="hint">Demo users: alice / alice-demo-pass, bob / bob-demo-pass.</p>`,
  );
}

/** What the signed-in page shows. */
export interface HomePageOptions {
  username: string;
  /** Views of this page in the current session, this one included. */
  visits: number;
  /** The user's sessions, this one included, for "Your sessions". */
  sessions: readonly UserSessionInfo[];
}

/** The page for signed-in users: who they are, the visit counter, a logout button and their sessions. */
export function renderHomePage({ username, visits, sessions }: HomePageOptions): string {
  return layout(
    'Signed in',
    html`<h1>Signed in as <span id="username">${username}</span></h1>
<p>You have viewed this page <strong id="visits">${visits}</strong> ${visits === 1 ? 'time' : 'times'} in this session.</p>
<form method="post" action="/auth/logout">
  <button type="submit">Log out</button>
</form>
${sessionsSection(sessions)}`,
  );
}
