// @ts-check
// Entry point: loads config.json and catalogues.json, completes a Cognito sign-in when returning
// from it, and routes between the pages of PAGES: the review queue (#/queue?filters), the stories
// (#/stories?filters&story=id), the map (#/map) and the sources page (#/sources). A new page is one entry there and one nav link in index.html.

import { Api, ApiError } from './api.js';
import { beginCognitoSignIn, clearSession, completeCognitoSignIn, consumeExpiry, currentSession, signOut, storeToken } from './auth.js';
import { append, clear, el } from './dom.js';
import { renderMapSection } from './map-section.js';
import { filtersFrom, offerSources, renderQueue } from './queue.js';
import { renderSources } from './sources.js';
import { renderStories } from './stories.js';

/** @import { ConsoleCatalogues, ConsoleConfig, SourceView } from '../console-types.js' */
/** @import { Notify } from './queue.js' */

/**
 * What a page is given: the API client, the banner, the catalogues, its route's query string, what
 * to do on a 401, and a way to send the editor to another route.
 * @typedef {{
 *   api: Api, notify: Notify, catalogues: ConsoleCatalogues, query: URLSearchParams,
 *   onAuthError: (error: ApiError) => void, go: (path: string, query?: Record<string, string>) => void
 * }} PageContext
 */

/**
 * A page of the console: its title, whether it needs a signed-in editor, and how it renders into
 * `main`; `render` returns what undoes it (listeners, timers) when the route changes, if anything.
 * @typedef {{title: string, signedIn: boolean, render: (main: HTMLElement, ctx: PageContext) => (() => void) | void}} Page
 */

/** @type {Record<string, Page>} */
const PAGES = {
  '/queue': {
    title: 'Очередь проверки',
    signedIn: true,
    render: (main, ctx) => {
      const stop = renderQueue(main, {
        api: ctx.api,
        filters: filtersFrom(ctx.query),
        catalogues: ctx.catalogues,
        navigate: (filters) => ctx.go('/queue', filters),
        onAuthError: ctx.onAuthError,
        notify: ctx.notify,
      });
      sourcesForSuggestions();
      return stop;
    },
  },
  '/stories': {
    title: 'Сюжеты',
    signedIn: true,
    render: (main, ctx) => {
      const filters = filtersFrom(ctx.query);
      return renderStories(main, {
        api: ctx.api,
        filters,
        selected: ctx.query.get('story'),
        navigate: (story) => ctx.go('/stories', { ...filters, ...(story ? { story } : {}) }),
        onAuthError: ctx.onAuthError,
        notify: ctx.notify,
      });
    },
  },
  '/map': {
    title: 'Карта',
    signedIn: false,
    render: (main, ctx) => {
      clear(main);
      const holder = el('div');
      append(main, el('section', { class: 'map-page' }, el('h2', { text: 'Карта практик' }), holder));
      // Stories open in the editors' story view, which needs a sign-in like the queue.
      void renderMapSection(holder, { api: ctx.api, mapUrl: 'russia-map.json', onStory: (story) => ctx.go('/stories', { story }), notify: ctx.notify });
    },
  },
  '/sources': {
    title: 'Источники',
    signedIn: false,
    render: (main, ctx) => {
      renderSources(main, ctx);
    },
  },
};
const DEFAULT_PAGE = '/queue';

const main = /** @type {HTMLElement} */ (document.getElementById('main'));
const notice = /** @type {HTMLElement} */ (document.getElementById('notice'));
const sessionBox = /** @type {HTMLElement} */ (document.getElementById('session'));

/** @type {ConsoleConfig} */
let config;
/** @type {Api} */
let api;
/** @type {ConsoleCatalogues} */
let catalogues = { regions: [], organisations: [] };
let cleanup = () => {};
let noticeTimer = 0;
/** @type {Promise<SourceView[]>|null} */
let knownSources = null;

/**
 * Shows a message in the banner; success messages fade after a few seconds, errors stay.
 * @type {Notify}
 */
function notify(text, kind = 'info') {
  clearTimeout(noticeTimer);
  clear(notice);
  notice.className = `notice notice-${kind}`;
  append(notice, el('span', { text }), ' ', el('button', { type: 'button', class: 'btn btn-small', text: 'Закрыть', on: { click: () => { notice.hidden = true; } } }));
  notice.hidden = false;
  if (kind === 'ok') noticeTimer = window.setTimeout(() => { notice.hidden = true; }, 4000);
}

function renderSession() {
  clear(sessionBox);
  const session = currentSession();
  if (session) {
    append(sessionBox, el('span', { class: 'who', text: `Вы вошли как ${session.username}` }), ' ',
      el('button', { type: 'button', class: 'btn btn-small', text: 'Выйти', on: { click: () => { signOut(config.auth); renderSession(); route(); } } }));
  } else {
    append(sessionBox, el('span', { class: 'muted', text: 'Вход не выполнен' }));
  }
}

/** @param {import('./api.js').ApiError} error */
function onAuthError(error) {
  clearSession();
  renderSession();
  renderSignIn(`${error.message} Сеанс завершён.`);
}

/** @param {string} [reason] */
function renderSignIn(reason) {
  cleanup();
  cleanup = () => {};
  clear(main);
  const box = el('section', { class: 'signin' }, el('h2', { text: 'Вход для редакторов' }));
  if (reason) box.append(el('p', { class: 'field-error', role: 'alert', text: reason }));
  const auth = config.auth;
  if (auth.mode === 'cognito') {
    box.append(el('p', { text: 'Войдите учётной записью редактора.' }),
      el('button', { type: 'button', class: 'btn btn-primary', text: 'Войти', on: { click: () => beginCognitoSignIn(auth).catch((e) => notify(String(e?.message ?? e), 'error')) } }));
  } else {
    const token = el('textarea', { id: 'signin-token', name: 'token', rows: 4, required: true, spellcheck: false, autocomplete: 'off', placeholder: 'eyJhbGciOi…' });
    const error = el('p', { class: 'field-error', role: 'alert', hidden: true });
    box.append(
      el('p', {}, 'Локальный режим: получите токен командой ', el('code', { text: 'npm run cli -- token --editor ИМЯ' }), ' и вставьте его сюда. Токен хранится только в этой вкладке.'),
      el('form', { class: 'signin-form', noValidate: true, on: {
        submit: (event) => {
          event.preventDefault();
          try {
            storeToken(token.value);
            renderSession();
            route();
          } catch (e) {
            error.textContent = e instanceof Error ? e.message : String(e);
            error.hidden = false;
          }
        },
      } }, el('label', { for: 'signin-token', text: 'Токен редактора' }), token, error,
      el('button', { type: 'submit', class: 'btn btn-primary', text: 'Войти' })));
  }
  const sourcesLink = el('a', { text: 'источников' });
  sourcesLink.href = '#/sources';
  box.append(el('p', {}, 'Страница ', sourcesLink, ' доступна без входа.'));
  main.append(box);
}

async function sourcesForSuggestions() {
  if (!knownSources) knownSources = api.sources().then((r) => (Array.isArray(r?.items) ? r.items : []), () => []);
  offerSources(await knownSources);
}

/** @param {string} path @param {Record<string, string>} [query] */
function go(path, query = {}) {
  const next = `#${path}?${new URLSearchParams(query).toString()}`;
  if (location.hash === next) route();
  else location.hash = next;
}

function route() {
  cleanup();
  cleanup = () => {};
  const hash = location.hash.replace(/^#/, '') || DEFAULT_PAGE;
  const [path = DEFAULT_PAGE, query = ''] = hash.split('?');
  for (const link of document.querySelectorAll('[data-nav]')) link.classList.toggle('active', `/${link.getAttribute('data-nav')}` === path);
  const page = PAGES[path] ?? /** @type {Page} */ (PAGES[DEFAULT_PAGE]);
  document.title = `${page.title} — консоль редактора`;
  if (page.signedIn && !currentSession()) {
    renderSession();
    renderSignIn(consumeExpiry() ? 'Срок действия входа истёк — войдите снова.' : undefined);
    return;
  }
  cleanup = page.render(main, { api, notify, catalogues, query: new URLSearchParams(query), onAuthError, go }) ?? (() => {});
}

/** The catalogues' ids and names for the filter suggestions; none when the file cannot be read. @returns {Promise<ConsoleCatalogues>} */
async function loadCatalogues() {
  try {
    const response = await fetch('catalogues.json', { cache: 'no-store' });
    const body = response.ok ? await response.json() : null;
    return { regions: Array.isArray(body?.regions) ? body.regions : [], organisations: Array.isArray(body?.organisations) ? body.organisations : [] };
  } catch {
    return { regions: [], organisations: [] };
  }
}

async function start() {
  try {
    const response = await fetch('config.json', { cache: 'no-store' });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    config = await response.json();
    if (!config?.auth?.mode) throw new Error('нет раздела auth');
  } catch (error) {
    clear(main);
    main.append(el('p', { class: 'field-error', text: `Не удалось прочитать config.json: ${error instanceof Error ? error.message : String(error)}` }));
    return;
  }
  api = new Api(config.apiBaseUrl ?? '');
  catalogues = await loadCatalogues();
  if (config.auth.mode === 'cognito') {
    try {
      await completeCognitoSignIn(config.auth);
    } catch (error) {
      notify(error instanceof Error ? error.message : String(error), 'error');
    }
  }
  renderSession();
  window.addEventListener('hashchange', route);
  route();
}

start();
