import type { Readiness } from '../../platform/health/readiness.js';
import { escapeHtml, page } from './html.js';

export interface FrontDoorOptions {
  name: string;
  version: string;
  description: string;
  /** The URL to paste into an app: PUBLIC_URL, or the one this page was requested at. */
  instanceUrl: string;
  readiness: Readiness;
  /** The browser's SID session, when it has a live one. */
  signedInAs?: string;
}

function dependencyLine(name: string, dependency: Readiness['database']): string {
  const state = dependency.status === 'up' ? 'up' : `<span class="warning">down</span>${dependency.message ? ` (${escapeHtml(dependency.message)})` : ''}`;
  return `<li>${escapeHtml(name)}: ${state}</li>`;
}

/** `GET /`: what this instance is, whether it is healthy, where to go next and what to paste into an app. */
export function frontDoorPage(options: FrontDoorOptions): string {
  const url = escapeHtml(options.instanceUrl);
  const account = options.signedInAs
    ? `<li>Signed in as <b>${escapeHtml(options.signedInAs)}</b> (<a href="/login">sign out</a>)</li>` +
      '<li><a href="/account">Your account</a>: sessions and tokens, password, subscriptions import and export</li>'
    : '<li><a href="/login">Log in</a> with your tubevault account</li>';
  const body = [
    `<p>Version ${escapeHtml(options.version)}. ${escapeHtml(options.description)}.</p>`,
    `<section><h2>Health</h2><ul>${dependencyLine('PostgreSQL', options.readiness.database)}${dependencyLine('Redis', options.readiness.redis)}</ul>` +
      '<p>As JSON: <a href="/api/health/ready/">/api/health/ready/</a></p></section>',
    `<section><h2>Connect an app</h2><p>Instance URL: <code>${url}</code></p>` +
      '<p>Paste it into Materialious, Clipious or FreeTube as the Invidious instance, or into the TubeArchivist browser extension as the TubeArchivist URL.</p></section>',
    `<section><h2>Next</h2><ul>${account}<li><a href="/docs">API documentation</a> (Swagger UI; the OpenAPI document is at <a href="/openapi.json">/openapi.json</a>)</li></ul></section>`,
  ].join('\n');
  return page(options.name, body, `${options.name} ${options.version}`);
}
