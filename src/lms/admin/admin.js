// SPDX-License-Identifier: Apache-2.0
// The operator console (docs/lms.md). No framework and no build step: the
// page is filled in from the JSON admin API with DOM calls that set text,
// never markup, so an ID or a reason cannot inject anything.
'use strict';

(function () {
  const state = { operator: null, csrf: null, license: null, releasing: null };
  const $ = (id) => document.getElementById(id);
  const views = ['login-view', 'search-view', 'license-view', 'dashboard-view'];

  function show(view) {
    for (const v of views) $(v).hidden = v !== view;
    $('nav').hidden = view === 'login-view';
  }

  // The API's answer, or an Error carrying its message; a lost session
  // sends the operator back to the sign-in form.
  async function api(method, path, body) {
    const headers = {};
    const init = { method, headers, credentials: 'same-origin', cache: 'no-store' };
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    if (method !== 'GET' && state.csrf) headers['X-CSRF-Token'] = state.csrf;
    const res = await fetch(path, init);
    let data = null;
    try { data = await res.json(); } catch (e) { data = null; }
    if (res.status === 401 && path !== '/admin/v1/login') {
      state.operator = null;
      state.csrf = null;
      show('login-view');
    }
    if (!res.ok) {
      throw new Error((data && data.message) || ('the console answered HTTP ' + res.status));
    }
    return data;
  }

  function el(tag, text, cls) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (cls) node.className = cls;
    return node;
  }

  function fillTable(table, rows, columns, emptyText) {
    const body = table.tBodies[0];
    body.replaceChildren();
    if (rows.length === 0) {
      const tr = el('tr');
      const td = el('td', emptyText, 'empty');
      td.colSpan = table.tHead ? table.tHead.rows[0].cells.length : 2;
      tr.appendChild(td);
      body.appendChild(tr);
      return;
    }
    for (const row of rows) {
      const tr = el('tr');
      for (const column of columns) {
        const td = el('td');
        const value = column(row, td);
        if (value instanceof Node) td.appendChild(value); else if (value !== undefined) td.textContent = String(value);
        tr.appendChild(td);
      }
      body.appendChild(tr);
    }
  }

  function licenseLink(id) {
    const a = el('a', id);
    a.href = '#/license/' + encodeURIComponent(id);
    a.className = 'id';
    return a;
  }

  function idCell(value) {
    return (row, td) => { td.className = 'id'; return value(row); };
  }

  // --- sign-in ---
  async function restoreSession() {
    try {
      const s = await api('GET', '/admin/v1/session');
      signedIn(s);
      route();
    } catch (e) {
      show('login-view');
    }
  }

  function signedIn(s) {
    state.operator = s.operator;
    state.csrf = s.csrf_token;
    $('operator').textContent = 'signed in as ' + s.operator;
  }

  $('login-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    $('login-error').textContent = '';
    try {
      const s = await api('POST', '/admin/v1/login', { token: $('token').value });
      $('token').value = '';
      signedIn(s);
      if (!location.hash || location.hash === '#') location.hash = '#/search'; else route();
    } catch (e) {
      $('login-error').textContent = e.message;
    }
  });

  $('logout-button').addEventListener('click', async () => {
    try { await api('POST', '/admin/v1/logout', {}); } catch (e) { /* signed out anyway */ }
    state.operator = null;
    state.csrf = null;
    show('login-view');
  });

  // --- search ---
  $('search-form').addEventListener('submit', (event) => {
    event.preventDefault();
    location.hash = '#/search?q=' + encodeURIComponent($('search-input').value.trim());
  });

  async function search(q) {
    show('search-view');
    $('search-input').value = q;
    $('search-error').textContent = '';
    $('search-results').hidden = true;
    if (!q) return;
    try {
      const r = await api('GET', '/admin/v1/search?q=' + encodeURIComponent(q));
      const list = $('search-licenses');
      list.replaceChildren();
      for (const id of r.licenses) {
        const li = el('li');
        li.appendChild(licenseLink(id));
        list.appendChild(li);
      }
      if (r.licenses.length === 0) list.appendChild(el('li', 'nothing found for this ' + r.kind, 'empty'));
      fillTable($('search-placements'), r.placements, [
        (p) => licenseLink(p.license_id), idCell((p) => p.machine_id), (p) => p.granted_at,
        (p) => (p.source ? el('span', 'source', 'badge') : '')], 'no placements');
      fillTable($('search-refusals'), r.refusals, [
        idCell((x) => x.reference), (x) => licenseLink(x.license_id), idCell((x) => x.machine_id),
        (x) => x.reason, (x) => x.refused_at], 'no refusals');
      $('search-results').hidden = false;
    } catch (e) {
      $('search-error').textContent = e.message;
    }
  }

  // --- a license ---
  async function showLicense(id) {
    show('license-view');
    state.license = id;
    $('license-id').textContent = id;
    $('license-error').textContent = '';
    closeRelease();
    try {
      const r = await api('GET', '/admin/v1/licenses/' + encodeURIComponent(id));
      const used = r.placements.length;
      $('license-limits').textContent = 'On ' + used + ' of at most ' + r.policy.max_machines +
        ' machines (the source counts as one); at most ' + r.policy.max_new_machines_per_day +
        ' new machines in any 24 hours.';
      fillTable($('placements'), r.placements, [
        idCell((p) => p.machine_id), idCell((p) => p.kid), (p) => p.granted_at,
        (p) => (p.source ? el('span', 'source', 'badge') : ''),
        (p) => {
          const b = el('button', 'Release…');
          b.type = 'button';
          b.className = 'release-button secondary';
          b.dataset.machine = p.machine_id;
          b.addEventListener('click', () => openRelease(p.machine_id));
          return b;
        }], 'on no machine');
      fillTable($('refusals'), r.refusals, [
        idCell((x) => x.reference), idCell((x) => x.machine_id),
        (x) => el('span', x.reason, 'badge refused'), (x) => x.refused_at, idCell((x) => x.request_id)],
      'no refusals recorded');
      fillTable($('audit'), r.audit, [
        (a) => a.at, (a) => a.operator, (a) => a.action, idCell((a) => a.machine_id), (a) => a.reason,
        idCell((a) => a.request_id)], 'no audit records');
    } catch (e) {
      $('license-error').textContent = e.message;
    }
  }

  function openRelease(machine) {
    state.releasing = machine;
    $('release-machine').textContent = machine;
    $('release-reason').value = '';
    $('release-step-1').hidden = false;
    $('release-step-2').hidden = true;
    $('release-panel').hidden = false;
    $('release-message').textContent = '';
    $('release-reason').focus();
  }

  function closeRelease() {
    state.releasing = null;
    $('release-panel').hidden = true;
  }

  $('release-cancel').addEventListener('click', closeRelease);
  $('release-back').addEventListener('click', () => {
    $('release-step-1').hidden = false;
    $('release-step-2').hidden = true;
  });
  $('release-submit').addEventListener('click', () => {
    const reason = $('release-reason').value.trim();
    if (!reason) {
      $('license-error').textContent = 'Give a reason: it goes into the audit trail.';
      return;
    }
    $('license-error').textContent = '';
    $('release-question').textContent = 'Release machine ' + state.releasing + ' from license ' +
      state.license + '? This is recorded under your name with the reason given.';
    $('release-step-1').hidden = true;
    $('release-step-2').hidden = false;
  });
  $('release-confirm').addEventListener('click', async () => {
    const machine = state.releasing;
    try {
      const r = await api('POST', '/admin/v1/licenses/' + encodeURIComponent(state.license) + '/release',
        { machine_id: machine, reason: $('release-reason').value.trim() });
      await showLicense(state.license);
      $('release-message').textContent = 'Released machine ' + machine + ' (audit record ' + r.audit.id + ').';
    } catch (e) {
      $('license-error').textContent = e.message;
    }
  });

  // --- dashboard ---
  const SVG = 'http://www.w3.org/2000/svg';
  function svg(tag, attrs, text) {
    const node = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // Grants above the axis, refusals below it, one column per hour.
  function drawPlot(hours) {
    const width = 1080, height = 300, left = 48, right = 12, top = 16, bottom = 28;
    const mid = top + (height - top - bottom) / 2;
    const half = (height - top - bottom) / 2;
    const max = Math.max(1, ...hours.map((h) => Math.max(h.grants, h.refusals)));
    const step = (width - left - right) / Math.max(1, hours.length);
    const plot = svg('svg', { viewBox: '0 0 ' + width + ' ' + height, role: 'img', id: 'activity-plot' });
    plot.appendChild(svg('title', {}, 'Grants (up) and refusals (down) per hour over the last 30 days'));
    for (const f of [1, 0.5]) {
      plot.appendChild(svg('line', { x1: left, x2: width - right, y1: mid - half * f, y2: mid - half * f, class: 'plot-grid' }));
      plot.appendChild(svg('line', { x1: left, x2: width - right, y1: mid + half * f, y2: mid + half * f, class: 'plot-grid' }));
      const label = String(Math.round(max * f * 10) / 10);
      plot.appendChild(svg('text', { x: left - 6, y: mid - half * f + 4, 'text-anchor': 'end', class: 'plot-label' }, label));
      plot.appendChild(svg('text', { x: left - 6, y: mid + half * f + 4, 'text-anchor': 'end', class: 'plot-label' }, label));
    }
    plot.appendChild(svg('text', { x: left - 6, y: mid + 4, 'text-anchor': 'end', class: 'plot-label' }, '0'));
    hours.forEach((h, i) => {
      const x = left + i * step;
      if (h.grants > 0) {
        const hgt = Math.max(1, (h.grants / max) * half);
        plot.appendChild(svg('rect', { x, y: mid - hgt, width: Math.max(step, 1), height: hgt, class: 'plot-grants' }));
      }
      if (h.refusals > 0) {
        const hgt = Math.max(1, (h.refusals / max) * half);
        plot.appendChild(svg('rect', { x, y: mid, width: Math.max(step, 1), height: hgt, class: 'plot-refusals' }));
      }
      if (h.start.endsWith('T00:00:00Z') && (i === 0 || new Date(h.start).getUTCDate() % 5 === 1)) {
        plot.appendChild(svg('line', { x1: x, x2: x, y1: top, y2: height - bottom, class: 'plot-grid' }));
        plot.appendChild(svg('text', { x, y: height - 8, 'text-anchor': 'middle', class: 'plot-label' }, h.start.slice(5, 10)));
      }
    });
    plot.appendChild(svg('line', { x1: left, x2: width - right, y1: mid, y2: mid, class: 'plot-axis' }));
    plot.appendChild(svg('line', { x1: left, x2: left, y1: top, y2: height - bottom, class: 'plot-axis' }));
    $('plot-box').replaceChildren(plot);
  }

  function pairs(table, list) {
    fillTable(table, list, [(p) => p[0], (p) => p[1]], '');
  }

  async function dashboard() {
    show('dashboard-view');
    $('dashboard-error').textContent = '';
    try {
      const d = await api('GET', '/admin/v1/dashboard');
      drawPlot(d.hours);
      fillTable($('reasons'), d.refusal_reasons, [(r) => r.reason, (r) => r.count], 'no refusals in 30 days');
      pairs($('ledger-size'), [['placements', d.ledger.placements], ['refusals kept', d.ledger.refusals],
        ['audit records', d.ledger.audit_records]]);
      const ms = (v) => (v === null ? 'over 10 s' : v === 0 ? '—' : '≤ ' + v + ' ms');
      pairs($('latency'), [['requests answered', d.latency.requests], ['median', ms(d.latency.p50_ms)],
        ['95th percentile', ms(d.latency.p95_ms)], ['99th percentile', ms(d.latency.p99_ms)]]);
    } catch (e) {
      $('dashboard-error').textContent = e.message;
    }
  }

  // --- routing: #/search?q=..., #/license/ID, #/dashboard ---
  function route() {
    if (!state.operator) return show('login-view');
    const hash = location.hash.slice(1);
    if (hash.startsWith('/license/')) return showLicense(decodeURIComponent(hash.slice('/license/'.length)));
    if (hash.startsWith('/dashboard')) return dashboard();
    const q = hash.startsWith('/search?q=') ? decodeURIComponent(hash.slice('/search?q='.length)) : '';
    return search(q);
  }

  window.addEventListener('hashchange', route);
  restoreSession();
})();
