import type { UserSessionInfo } from 'nestjs-express-session';
import { html, type SafeHtml } from './html.js';
import { addressOf, deviceOf, timeAgo } from './session-labels.js';

/** One session in the list: device, address, last seen; "This device", or a button that signs it out. */
function sessionItem(session: UserSessionInfo, now: Date): SafeHtml {
  const device = deviceOf(session.userAgent);
  const seen = session.current ? 'active now' : `last seen ${timeAgo(session.lastSeenAt, now)}`;
  return html`<li>
  <strong>${device}</strong>${session.current ? html` <span class="badge">This device</span>` : ''}
  <br><span class="hint">${addressOf(session.ip)} · <time datetime="${session.lastSeenAt.toISOString()}">${seen}</time></span>
  ${
    session.current
      ? ''
      : html`<form method="post" action="/sessions/revoke">
    <input type="hidden" name="handle" value="${session.handle}">
    <button type="submit" class="link" aria-label="${`Sign out ${device}, ${seen}`}">Sign out</button>
  </form>`
  }
</li>`;
}

/**
 * "Your sessions": the user's sessions (newest first, from `SessionService.listSessions()`), each with
 * a sign-out button except this device's, and one button for all the others.
 */
export function sessionsSection(sessions: readonly UserSessionInfo[], now: Date = new Date()): SafeHtml {
  const others = sessions.filter((session) => !session.current).length;
  return html`<section aria-labelledby="sessions-heading">
<h2 id="sessions-heading">Your sessions</h2>
<ul class="sessions">
${sessions.map((session) => sessionItem(session, now))}
</ul>
${
  others > 0
    ? html`<form method="post" action="/sessions/revoke-others">
  <button type="submit">Sign out all other sessions</button>
</form>`
    : ''
}
</section>`;
}
