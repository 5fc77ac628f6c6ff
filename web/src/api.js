// The only module that calls the server. Each kind of request is a channel: a newer
// request aborts the one still running on its channel, so a stale answer never
// overwrites a fresh one. Errors become ApiError with the API's code; fr.js says what
// each code means to the user.

const BASE = '/api/v1';

export class ApiError extends Error {
  constructor(code, status) {
    super(`API error ${code} (${status})`);
    this.code = code;
    this.status = status;
  }
}

export function isAbort(error) {
  return error && error.name === 'AbortError';
}

const running = new Map();

async function getJson(path, params, channel) {
  if (channel) running.get(channel)?.abort();
  const controller = new AbortController();
  if (channel) running.set(channel, controller);
  const query = params && [...params].length ? `?${params}` : '';
  let response;
  try {
    response = await fetch(`${BASE}${path}${query}`, { signal: controller.signal, headers: { Accept: 'application/json' } });
  } catch (error) {
    if (isAbort(error)) throw error;
    throw new ApiError('network', 0);
  } finally {
    if (channel && running.get(channel) === controller) running.delete(channel);
  }
  let body = null;
  try {
    body = await response.json();
  } catch (error) {
    if (isAbort(error)) throw error;
  }
  if (!response.ok) throw new ApiError(body?.error?.code || `http_${response.status}`, response.status);
  if (body === null) throw new ApiError('network', response.status);
  return body;
}

export const api = {
  mapSettings: () => getJson('/map-settings', null, 'settings'),
  baseMap: () => getJson('/base-map', null, 'base-map'),
  practitioners: params => getJson('/practitioners', params, 'list'),
  clusters: params => getJson('/clusters', params, 'clusters'),
  fiche: id => getJson(`/practitioners/${encodeURIComponent(id)}`, null, 'fiche'),
  suggest: q => getJson('/suggest', new URLSearchParams({ q }), 'suggest'),
  geocode: q => getJson('/geocode', new URLSearchParams({ q }), 'geocode'),
};

// The address of an export of the current results (a download, not a fetch).
export function exportUrl(params, format) {
  const query = new URLSearchParams(params);
  query.set('format', format);
  return `${BASE}/export?${query}`;
}
