import { escapeHtml, page } from '../../identity/browser/html.js';
import type { TaChannel, TaVideo } from '../archive/ta-objects.js';

const IMAGE_STYLE = '<style>img{max-width:100%;height:auto}.description{white-space:pre-wrap}</style>';

function watchedLine(video: TaVideo, signedIn: boolean): string {
  if (!signedIn) return '<p><a href="/login">Log in</a> to see whether you watched it.</p>';
  if (!video.player.watched) return '<p data-watched="false">Not watched yet.</p>';
  const at = video.player.watched_date ? ` on ${escapeHtml(new Date(video.player.watched_date * 1000).toISOString().slice(0, 10))}` : '';
  return `<p data-watched="true">Watched${at}.</p>`;
}

/** `GET /video/<id>/`: the TubeArchivist video object as a page, with links to its JSON and to the Invidious watch page. */
export function taVideoPage(video: TaVideo, signedIn: boolean): string {
  const id = escapeHtml(video.youtube_id);
  const channel = video.channel;
  const body = [
    IMAGE_STYLE,
    `<p><img src="${escapeHtml(video.vid_thumb_url)}" alt="Thumbnail of ${escapeHtml(video.title)}"></p>`,
    `<p>Channel: <a href="/channel/${escapeHtml(channel.channel_id)}/">${escapeHtml(channel.channel_name)}</a></p>`,
    `<p>Published ${escapeHtml(video.published)}. Length ${escapeHtml(video.player.duration_str)}.</p>`,
    watchedLine(video, signedIn),
    `<p class="description">${escapeHtml(video.description)}</p>`,
    `<section><h2>Elsewhere</h2><ul><li><a href="/watch?v=${id}">Watch</a> (Invidious-style URL)</li>` +
      `<li>As JSON: <a href="/api/video/${id}/">/api/video/${id}/</a></li></ul></section>`,
  ].join('\n');
  return page(video.title, body);
}

/** `GET /channel/<id>/`: the TubeArchivist channel object as a page. */
export function taChannelPage(channel: TaChannel, signedIn: boolean): string {
  const id = escapeHtml(channel.channel_id);
  const subscribed = signedIn
    ? `<p data-subscribed="${channel.channel_subscribed}">${channel.channel_subscribed ? 'You are subscribed.' : 'You are not subscribed.'}</p>`
    : '';
  const body = [
    IMAGE_STYLE,
    `<p><img src="${escapeHtml(channel.channel_thumb_url)}" alt="Avatar of ${escapeHtml(channel.channel_name)}"></p>`,
    `<p>${escapeHtml(channel.channel_subs)} subscribers. Last refreshed ${escapeHtml(channel.channel_last_refresh)}.</p>`,
    subscribed,
    `<p class="description">${escapeHtml(channel.channel_description)}</p>`,
    `<p>As JSON: <a href="/api/channel/${id}/">/api/channel/${id}/</a></p>`,
  ].join('\n');
  return page(channel.channel_name, body);
}

/** The 404 of both pages. */
export function taNotFoundPage(what: 'video' | 'channel', id: string): string {
  return page('Not found', `<p>No ${what} <code>${escapeHtml(id)}</code> in this archive.</p><p><a href="/">Front page</a></p>`);
}

/** A refused request of the pages (`/watch` without a usable `v`): the reason and the way back. */
export function taBadRequestPage(reason: string): string {
  return page('Bad request', `<p>${escapeHtml(reason)}</p><p><a href="/">Front page</a></p>`);
}
