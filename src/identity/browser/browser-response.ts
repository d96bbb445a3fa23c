import type { FastifyReply } from 'fastify';
import { HTML_HEADERS, escapeHtml, page } from './html.js';

/**
 * What a browser route answers: status, headers and body, applied by the controller. The flows
 * render their own HTML errors instead of throwing, because the global exception filter answers JSON.
 */
export interface BrowserResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export function htmlResponse(status: number, html: string, headers: Record<string, string> = {}): BrowserResponse {
  return { status, headers: { ...HTML_HEADERS, ...headers }, body: html };
}

/** A page holding only a title and one message, for errors the user cannot fix on the same page. */
export function messageResponse(status: number, title: string, message: string, headers: Record<string, string> = {}): BrowserResponse {
  return htmlResponse(status, page(title, `<p>${escapeHtml(message)}</p>`), headers);
}

/** 302 with an empty body; `headers` carries e.g. the Set-Cookie of a login. */
export function redirectResponse(location: string, headers: Record<string, string> = {}): BrowserResponse {
  return { status: 302, headers: { location, 'cache-control': 'no-store', ...headers }, body: '' };
}

/** Applies a flow's answer to the reply; the body is returned for Nest to send as the handler's result. */
export function sendPage(reply: FastifyReply, response: BrowserResponse): string {
  void reply.code(response.status).headers(response.headers);
  return response.body;
}
