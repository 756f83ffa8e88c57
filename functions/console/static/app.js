// Entry point: loads config.json, completes a Cognito sign-in when returning from it, and routes
// between the review queue (#/queue?filters), the stories (#/stories?story=id) and the sources page (#/sources).

import { Api } from './api.js';
import { beginCognitoSignIn, clearSession, completeCognitoSignIn, consumeExpiry, currentSession, signOut, storeToken } from './auth.js';
import { append, clear, el } from './dom.js';
import { filtersFrom, offerSources, renderQueue } from './queue.js';
import { renderSources } from './sources.js';
import { renderStories } from './stories.js';

const main = /** @type {HTMLElement} */ (document.getElementById('main'));
const notice = /** @type {HTMLElement} */ (document.getElementById('notice'));
const sessionBox = /** @type {HTMLElement} */ (document.getElementById('session'));

let config = null;
let api = null;
let cleanup = () => {};
let noticeTimer = 0;
let knownSources = null;

/**
 * Shows a message in the banner; success messages fade after a few seconds, errors stay.
 * @param {string} text @param {'ok'|'error'|'info'} [kind]
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
  if (config.auth.mode === 'cognito') {
    box.append(el('p', { text: 'Войдите учётной записью редактора.' }),
      el('button', { type: 'button', class: 'btn btn-primary', text: 'Войти', on: { click: () => beginCognitoSignIn(config.auth).catch((e) => notify(String(e?.message ?? e), 'error')) } }));
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

function route() {
  cleanup();
  cleanup = () => {};
  const hash = location.hash.replace(/^#/, '') || '/queue';
  const [path, query = ''] = hash.split('?');
  for (const link of document.querySelectorAll('[data-nav]')) link.classList.toggle('active', `/${link.getAttribute('data-nav')}` === path);
  if (path === '/sources') {
    document.title = 'Источники — консоль редактора';
    renderSources(main, { api, notify });
    return;
  }
  const stories = path === '/stories';
  document.title = stories ? 'Сюжеты — консоль редактора' : 'Очередь проверки — консоль редактора';
  if (!currentSession()) {
    renderSession();
    renderSignIn(consumeExpiry() ? 'Срок действия входа истёк — войдите снова.' : undefined);
    return;
  }
  if (stories) {
    const params = new URLSearchParams(query);
    const filters = filtersFrom(params);
    cleanup = renderStories(main, {
      api,
      filters,
      selected: params.get('story'),
      navigate: (story) => {
        const next = `#/stories?${new URLSearchParams({ ...filters, ...(story ? { story } : {}) }).toString()}`;
        if (location.hash === next) route();
        else location.hash = next;
      },
      onAuthError,
      notify,
    });
    return;
  }
  cleanup = renderQueue(main, {
    api,
    filters: filtersFrom(new URLSearchParams(query)),
    navigate: (filters) => {
      const next = `#/queue?${new URLSearchParams(filters).toString()}`;
      if (location.hash === next) route();
      else location.hash = next;
    },
    onAuthError,
    notify,
  });
  sourcesForSuggestions();
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
