// The only module that calls the server. Each kind of request is a channel: a newer
// request aborts the one still running on its channel, so a stale answer never
// overwrites a fresh one. Errors become ApiError with the API's code (and the fields at
// fault, by JSON path, when the server names them); fr.js says what each means to the user.
// Requests that change something carry the session's CSRF token (X-CSRF-Token), which
// GET /api/v1/session gives: it is asked for once, and again if the server refuses it.

const BASE = '/api/v1';

export class ApiError extends Error {
  constructor(code, status, { problems = [], retryAfter = 0 } = {}) {
    super(`API error ${code} (${status})`);
    this.code = code;
    this.status = status;
    this.problems = problems; // [{path, fault}]
    this.retryAfter = retryAfter; // seconds
  }
}

export function isAbort(error) {
  return error && error.name === 'AbortError';
}

const running = new Map();

// A server that has just started answers 503 "starting" while it loads its index (about a
// second): the page asks again rather than show an error, for up to a minute.
const STARTING_RETRIES = 60;

const latest = new Map(); // channel -> the newest call on it
let startingListener = () => {};

// `listener` is called each time a request waits for a starting server, so that the page can
// say why nothing shows yet.
export function onServerStarting(listener) {
  startingListener = listener;
}

async function getJson(path, params, channel) {
  const call = {};
  if (channel) latest.set(channel, call);
  for (let attempt = 0; ; attempt++) {
    try {
      return await getJsonOnce(path, params, channel);
    } catch (error) {
      if (!(error instanceof ApiError) || error.code !== 'starting' || attempt >= STARTING_RETRIES) throw error;
      startingListener();
      await new Promise(resolve => setTimeout(resolve, Math.min(Math.max(error.retryAfter, 0.25), 5) * 1000));
      // A newer request on the channel took over while this one waited.
      if (channel && latest.get(channel) !== call) throw new DOMException('superseded', 'AbortError');
    }
  }
}

async function getJsonOnce(path, params, channel) {
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
  if (!response.ok) throw errorOf(response, body);
  if (body === null) throw new ApiError('network', response.status);
  return body;
}

function errorOf(response, body) {
  const retry = Number(response.headers.get('Retry-After')) || 0;
  const problems = Array.isArray(body?.error?.problems) ? body.error.problems : [];
  return new ApiError(body?.error?.code || `http_${response.status}`, response.status, { problems, retryAfter: retry });
}

// ---- Accounts, owners and the console -------------------------------------------------------

let csrfToken = null;
let sessionAnswer = null;

// Who is calling ({authenticated, account, fiches, csrf_token}); `fresh` asks the server again.
export function session(fresh = false) {
  if (!sessionAnswer || fresh) {
    sessionAnswer = request('GET', '/session').then(answer => {
      csrfToken = answer.csrf_token;
      return answer;
    });
    sessionAnswer.catch(() => (sessionAnswer = null));
  }
  return sessionAnswer;
}

// One request of the owner routes: never cached, cookies of this site only, JSON both ways.
async function request(method, path, { body, params, retried = false } = {}) {
  const changes = method !== 'GET';
  if (changes && !csrfToken) await session(true);
  const headers = { Accept: 'application/json' };
  if (changes) headers['X-CSRF-Token'] = csrfToken;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const query = params && [...new URLSearchParams(params)].length ? `?${new URLSearchParams(params)}` : '';
  let response;
  try {
    response = await fetch(`${BASE}${path}${query}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      cache: 'no-store',
    });
  } catch {
    throw new ApiError('network', 0);
  }
  let answer = null;
  try {
    answer = await response.json();
  } catch {
    // A 413 from a proxy, an empty answer: the status says enough.
  }
  if (!response.ok) {
    const error = errorOf(response, answer);
    // A session that ended or began elsewhere has another token: ask for it, once.
    if (error.code === 'csrf_failed' && !retried) {
      await session(true);
      return request(method, path, { body, params, retried: true });
    }
    throw error;
  }
  if (changes && (path.startsWith('/session') || path.startsWith('/password') || path === '/account/sessions')) {
    if (answer?.csrf_token) csrfToken = answer.csrf_token;
    sessionAnswer = null; // who is logged in may have changed
  }
  return answer;
}

export const account = {
  login: (email, password) => request('POST', '/session', { body: { email, password } }),
  logout: () => request('DELETE', '/session'),
  setPassword: (token, password) => request('POST', '/password', { body: { token, password } }),
  requestReset: email => request('POST', '/password/reset', { body: { email } }),
  me: () => request('GET', '/account'),
  revokeSessions: () => request('DELETE', '/account/sessions'),
  fiche: id => request('GET', `/account/fiches/${encodeURIComponent(id)}`),
  editFiche: (id, edit) => request('PATCH', `/account/fiches/${encodeURIComponent(id)}`, { body: edit }),
  claim: claim => request('POST', '/claims', { body: claim }),
  claimStatus: token => request('POST', '/claims/status', { body: { token } }),
};

export const admin = {
  claims: status => request('GET', '/admin/claims', { params: status ? { status } : undefined }),
  approveClaim: id => request('POST', `/admin/claims/${id}/approve`),
  rejectClaim: (id, reason) => request('POST', `/admin/claims/${id}/reject`, { body: { reason } }),
  corrections: status => request('GET', '/admin/corrections', { params: status ? { status } : undefined }),
  acceptCorrection: id => request('POST', `/admin/corrections/${id}/accept`),
  rejectCorrection: (id, reason) => request('POST', `/admin/corrections/${id}/reject`, { body: { reason } }),
  conflicts: () => request('GET', '/admin/conflicts'),
  resolveConflict: (id, keep) => request('POST', `/admin/conflicts/${id}/resolve`, { body: { keep } }),
  sites: params => request('GET', '/admin/sites', { params }),
  pin: (id, lat, lon) => request('PUT', `/admin/sites/${id}/pin`, { body: { lat, lon } }),
  unpin: id => request('DELETE', `/admin/sites/${id}/pin`),
  users: () => request('GET', '/admin/users'),
  inviteAdmin: email => request('POST', '/admin/users', { body: { email } }),
  setUserStatus: (id, status) => request('PATCH', `/admin/users/${id}`, { body: { status } }),
  outbox: params => request('GET', '/admin/outbox', { params }),
  audit: params => request('GET', '/admin/audit', { params }),
  backups: () => request('GET', '/admin/backups'),
  takeBackup: () => request('POST', '/admin/backups'),
  imports: () => request('GET', '/admin/imports'),
  importJob: id => request('GET', `/admin/imports/${id}`),
};

// Addresses the console downloads from (links, not fetches: the browser saves the file).
export const downloads = {
  audit: params => `${BASE}/admin/audit.csv${[...new URLSearchParams(params)].length ? `?${new URLSearchParams(params)}` : ''}`,
  problems: id => `${BASE}/admin/imports/${id}/problems.csv`,
};

// Sends an extract to import: the file itself is the body (not JSON). fetch() tells nothing
// of an upload's progress, XMLHttpRequest does: onProgress(sent, total) as it goes.
export async function uploadExtract(file, { allowMassArchive = false } = {}, onProgress = () => {}) {
  if (!csrfToken) await session(true);
  const params = new URLSearchParams({ name: file.name });
  if (allowMassArchive) params.set('allow_mass_archive', 'true');
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `${BASE}/admin/imports?${params}`);
    xhr.setRequestHeader('X-CSRF-Token', csrfToken);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('Content-Type', file.name.toLowerCase().endsWith('.zip') ? 'application/zip' : 'text/plain');
    xhr.upload.addEventListener('progress', event => onProgress(event.loaded, event.lengthComputable ? event.total : file.size));
    xhr.addEventListener('error', () => reject(new ApiError('network', 0)));
    xhr.addEventListener('abort', () => reject(new ApiError('network', 0)));
    xhr.addEventListener('load', () => {
      let answer = null;
      try {
        answer = JSON.parse(xhr.responseText);
      } catch {
        // the status says enough
      }
      if (xhr.status >= 200 && xhr.status < 300 && answer) return resolve(answer);
      const problems = Array.isArray(answer?.error?.problems) ? answer.error.problems : [];
      reject(new ApiError(answer?.error?.code || `http_${xhr.status}`, xhr.status, { problems, retryAfter: Number(xhr.getResponseHeader('Retry-After')) || 0 }));
    });
    xhr.send(file);
  });
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
