// Adjoint playground: plain ES2020, no build step, no framework. Every number comes from the API;
// this file only sends requests and draws the answers (KaTeX for formulas, inline SVG for charts).
'use strict';

(() => {
  const $ = (sel, root = document) => root.querySelector(sel);

  // ---------------------------------------------------------------- examples (the lecture note's)

  const EXAMPLE_1_EXPRESSION = 'exp(x*z) + x*z/log(x) + sin(log(x))/(x*z)';
  const EXAMPLE_1_PROGRAM = 'a = x*z\nb = log(x)\nc = sin(b)\nd = exp(a)\ne = a/b\nf = c/a\ny = d + e + f';

  // The note's Example 2 in its own names; alpha1..alpha3 are D_in x D_out, as in the note (conformance case seed-ex2-program).
  const EXAMPLE_2_PROGRAM = "u1 = alpha1' @ x\nz1 = sigmoid(u1)\nu2 = alpha2' @ z1\nz2 = sigmoid(u2)\nu3 = alpha3' @ z2\nyhat = sigmoid(u3)\n"
    + 'J = -(y * log(yhat) + (1 - y) * log(1 - yhat))';
  const EXAMPLE_2_BINDINGS = '{"x": [-1.005152, 0.569301, 0.405], "alpha1": [[-0.062699, -0.851957, 0.8779, 0.923563], [0.037369, 0.015252, -0.791831, -1.490458], [-0.38686, 0.256087, -1.292206, 0.881253]], "alpha2": [[-0.803242, -0.801915, -1.372994], [1.492684, 0.716063, 1.125119], [0.34767, -1.39779, -0.513212], [-0.007343, -1.152571, 1.355892]], "alpha3": [[-0.39466], [-1.035561], [0.952528]], "y": 1.0}';

  const EXPRESSION_EXAMPLES = [
    { id: 'ex1-program', label: 'Example 1 (program: the note’s steps a … f, y)', text: EXAMPLE_1_PROGRAM, bindings: 'x = 2, z = 3' },
    { id: 'ex1-expression', label: 'Example 1 (one expression)', text: EXAMPLE_1_EXPRESSION, bindings: 'x = 2, z = 3' },
    { id: 'square', label: '−x^2 at x = −3 (a constant exponent takes no log)', text: '-x^2', bindings: 'x = -3' },
    { id: 'sigmoid', label: 'One sigmoid unit: sigmoid(w*x + b)', text: 'sigmoid(w*x + b)', bindings: 'w = 0.5, x = 2, b = -1' },
    { id: 'ex2-program', label: 'Example 2 (program with tensors: u1 = alpha1\u2032 @ x, …)', text: EXAMPLE_2_PROGRAM,
      bindings: EXAMPLE_2_BINDINGS },
  ];

  const EXAMPLE_2 = {
    weightLayout: 'in_out',
    layers: [
      { weights: [[-1.023495, -1.823155, -0.691605, -1.200274], [-1.08444, 0.693494, -1.008206, 1.268447],
        [1.764047, 0.547201, -0.340021, 1.305597]], activation: 'sigmoid' },
      { weights: [[0.41999, -1.097749, -1.021095], [-0.662982, -0.164643, -0.797859], [1.656297, -0.017379, -0.911104],
        [0.738185, 0.267429, -0.925383]], activation: 'sigmoid' },
      { weights: [[0.167509], [0.64838], [-0.107695]], activation: 'sigmoid' }],
    loss: 'binary_cross_entropy',
    example: { x: [0.602388, -0.041796, 0.098471], y: 0 },
  };

  const NETWORK_EXAMPLES = [
    { id: 'ex2', label: 'Example 2 (the note’s 3-layer sigmoid network)', body: EXAMPLE_2 },
    { id: 'small', label: 'Two layers with a bias (README)', body: {
      layers: [{ weights: [[0.1, 0.2], [0.3, 0.4], [0.5, 0.6]], activation: 'sigmoid' },
        { weights: [[0.7], [0.8]], bias: [0.1], activation: 'sigmoid' }],
      loss: 'binary_cross_entropy', example: { x: [1.0, 2.0, 3.0], y: 1 } } },
  ];

  const TRAIN_EXAMPLES = [
    { id: 'and', label: 'One sigmoid unit learns logical AND', body: {
      layers: [{ weights: [[0.1], [-0.1]], bias: [0.0], activation: 'sigmoid' }],
      loss: 'binary_cross_entropy',
      examples: [{ x: [0, 0], y: 0 }, { x: [0, 1], y: 0 }, { x: [1, 0], y: 0 }, { x: [1, 1], y: 1 }],
      learningRate: 0.5, epochs: 200, batchSize: 1, order: 'shuffled', seed: 42 } },
    { id: 'ex2-train', label: 'Example 2’s network, 100 epochs on its example', body: {
      ...EXAMPLE_2, example: undefined, examples: [EXAMPLE_2.example], learningRate: 0.5, epochs: 100 } },
  ];

  // ---------------------------------------------------------------- numbers

  /** A JSON number (or "NaN"/"Infinity" string) to text with `digits` significant digits, zeros trimmed. */
  function fmt(v, digits = 15) {
    if (typeof v === 'string') return v === 'Infinity' ? '∞' : v === '-Infinity' ? '−∞' : v;
    if (v === null || v === undefined) return '—';
    if (Number.isInteger(v) && Math.abs(v) < 1e15) return minus(String(v));
    let s = v.toPrecision(digits);
    if (s.includes('e')) {
      let [m, e] = s.split('e');
      if (m.includes('.')) m = m.replace(/0+$/, '').replace(/\.$/, '');
      return minus(`${m}e${e.replace('+', '')}`);
    }
    if (s.includes('.')) s = s.replace(/0+$/, '').replace(/\.$/, '');
    return minus(s);
  }
  const minus = (s) => s.replace(/^-/, '−');
  /** The same number as plain ASCII for LaTeX. */
  function texNum(v, digits) {
    if (typeof v === 'string') return v === 'Infinity' ? '\\infty' : v === '-Infinity' ? '-\\infty' : '\\text{NaN}';
    const s = fmt(v, digits).replace('−', '-');
    const m = /^(-?[\d.]+)e(-?\d+)$/.exec(s);
    return m ? `${m[1]} \\times 10^{${m[2]}}` : s;
  }

  // ---------------------------------------------------------------- service syntax -> LaTeX

  /** Parses the service's expression text (as in `expression` and `localDerivative`) to a small AST. */
  function parseExpr(text) {
    const tokens = [];
    const re = /\s*(?:(\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)|([A-Za-z_][A-Za-z0-9_]*)|(\*\*|[-+*/^(),]))/y;
    let pos = 0;
    while (pos < text.length) {
      if (/^\s*$/.test(text.slice(pos))) break;
      re.lastIndex = pos;
      const m = re.exec(text);
      if (!m) throw new Error('cannot read ' + text);
      tokens.push(m[1] !== undefined ? { t: 'num', v: m[1] } : m[2] !== undefined ? { t: 'id', v: m[2] } : { t: 'op', v: m[3] === '**' ? '^' : m[3] });
      pos = re.lastIndex;
    }
    let i = 0;
    const peek = () => tokens[i];
    const isOp = (v) => peek() && peek().t === 'op' && peek().v === v;
    const expect = (v) => { if (!isOp(v)) throw new Error('expected ' + v); i++; };
    function sum() {
      let left = product();
      while (isOp('+') || isOp('-')) { const op = tokens[i++].v; left = { k: op, a: left, b: product() }; }
      return left;
    }
    function product() {
      let left = unary();
      while (isOp('*') || isOp('/')) { const op = tokens[i++].v; left = { k: op, a: left, b: unary() }; }
      return left;
    }
    function unary() {
      if (isOp('-')) { i++; return { k: 'neg', a: unary() }; }
      if (isOp('+')) { i++; return unary(); }
      return power();
    }
    function power() {
      const base = primary();
      if (isOp('^')) { i++; return { k: '^', a: base, b: unary() }; }
      return base;
    }
    function primary() {
      const tok = tokens[i++];
      if (!tok) throw new Error('unexpected end');
      if (tok.t === 'num') return { k: 'num', v: tok.v };
      if (tok.t === 'id') {
        if (isOp('(')) {
          i++;
          const args = [];
          if (!isOp(')')) { args.push(sum()); while (isOp(',')) { i++; args.push(sum()); } }
          expect(')');
          return { k: 'call', f: tok.v, args };
        }
        return { k: 'id', v: tok.v };
      }
      if (tok.v === '(') { const e = sum(); expect(')'); return { k: 'paren', a: e }; }
      throw new Error('unexpected ' + tok.v);
    }
    const tree = sum();
    if (i !== tokens.length) throw new Error('trailing input');
    return tree;
  }

  const FUNCS = { log: '\\log', ln: '\\ln', exp: '\\exp', sin: '\\sin', cos: '\\cos', tan: '\\tan', sinh: '\\sinh',
    cosh: '\\cosh', tanh: '\\tanh', asin: '\\arcsin', acos: '\\arccos', atan: '\\arctan', log2: '\\log_2', log10: '\\log_{10}' };

  /** A node id or variable as LaTeX: t1 -> t_{1}, W1 -> W_{1}, x_2 -> x_{2}, theta -> \mathit{theta}. */
  function texId(name) {
    if (name === 'pi') return '\\pi';
    const m = /^([A-Za-z]+)_?(\d+)$/.exec(name);
    if (m) return `${texId(m[1])}_{${m[2]}}`;
    if (/^[A-Za-z]$/.test(name)) return name;
    return `\\mathit{${name.replace(/_/g, '\\_')}}`;
  }

  const PREC = { '+': 1, '-': 1, '*': 2, '/': 2, neg: 3, '^': 4, call: 5, id: 5, num: 5, paren: 5 };
  function tex(n) {
    const wrap = (c, min) => (PREC[c.k] < min ? `\\left(${tex(c)}\\right)` : tex(c));
    switch (n.k) {
      case 'num': return n.v.replace(/^(\d*\.?\d*)[eE]([+-]?\d+)$/, (_, m, e) => `${m} \\times 10^{${Number(e)}}`);
      case 'id': return texId(n.v);
      case 'paren': return `\\left(${tex(n.a)}\\right)`;
      case '+': return `${tex(n.a)} + ${tex(n.b)}`;
      case '-': return `${tex(n.a)} - ${wrap(n.b, 2)}`;
      case '*': return `${wrap(n.a, 2)} \\cdot ${wrap(n.b, 2)}`;
      case '/': return `\\frac{${tex(unparen(n.a))}}{${tex(unparen(n.b))}}`;
      case 'neg': return `-${wrap(n.a, 2)}`;
      case '^': return `${wrap(n.a, 5)}^{${tex(unparen(n.b))}}`;
      case 'call': {
        const args = n.args.map((a) => tex(unparen(a)));
        if (n.f === 'sqrt') return `\\sqrt{${args[0]}}`;
        if (n.f === 'abs') return `\\left|${args[0]}\\right|`;
        if (n.f === 'pow') return `${wrap(n.args[0], 5)}^{${args[1]}}`;
        const f = FUNCS[n.f] || `\\operatorname{${n.f.replace(/_/g, '\\_')}}`;
        return `${f}\\left(${args.join(', ')}\\right)`;
      }
      default: throw new Error('unknown node ' + n.k);
    }
  }
  const unparen = (n) => (n.k === 'paren' ? unparen(n.a) : n);
  const isAtom = (n) => ['id', 'num', 'call'].includes(n.k);

  /** The service's text as LaTeX, or null when it cannot be read (then the text is shown as is). */
  function toTex(text) {
    try { return tex(parseExpr(text)); } catch (e) { return null; }
  }

  /** Typesets `latex` into `el` with KaTeX; without KaTeX (or on a KaTeX error) shows `fallback` text. */
  function typeset(el, latex, fallback, big = false) {
    el.dataset.tex = latex || '';
    if (latex && window.katex) {
      try {
        // `big`: fractions at full size (\displaystyle), still inline with the text around them
        window.katex.render(big ? `\\displaystyle ${latex}` : latex, el, { throwOnError: true, output: 'htmlAndMathml' });
        return el;
      } catch (e) { /* fall through to text */ }
    }
    el.textContent = fallback;
    el.classList.add('plain-math');
    return el;
  }

  function h(tag, attrs = {}, ...children) {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'class') el.className = v;
      else if (k === 'text') el.textContent = v;
      else if (k.startsWith('data-') || k.startsWith('aria-') || k === 'role' || k === 'title' || k === 'id' || k === 'scope' || k === 'tabindex') el.setAttribute(k, v);
      else el[k] = v;
    }
    for (const c of children.flat()) if (c !== null && c !== undefined) el.append(c);
    return el;
  }

  // ---------------------------------------------------------------- HTTP

  // The API key field: kept in this tab's session storage (gone when the tab closes), sent as
  // X-API-Key on every call when set. A server without keys ignores it.
  const API_KEY_STORAGE = 'adjoint.apiKey';

  function apiKey() {
    try { return sessionStorage.getItem(API_KEY_STORAGE) || ''; } catch (e) { return ''; }
  }

  function setApiKey(value) {
    const key = value.trim();
    try {
      if (key) sessionStorage.setItem(API_KEY_STORAGE, key);
      else sessionStorage.removeItem(API_KEY_STORAGE);
    } catch (e) { /* storage unavailable: the key is then not kept */ }
  }

  /** The request headers of an API call: the given ones, and X-API-Key when a key is set. */
  function apiHeaders(headers) {
    const key = apiKey();
    return key ? { ...headers, 'X-API-Key': key } : headers;
  }

  /** A 401 says where the key goes in this page. */
  function withKeyHint(json, status) {
    if (status === 401 && json && typeof json.detail === 'string') {
      return { ...json, detail: `${json.detail} (enter it in the API key field at the top of the page)` };
    }
    return json;
  }

  /** POST JSON; resolves to {ok, status, json, text}. Problems (application/problem+json) come back as json. */
  async function post(path, body, accept = 'application/json') {
    let res;
    try {
      res = await fetch(path, { method: 'POST', headers: apiHeaders({ 'Content-Type': 'application/json', Accept: accept }), body: JSON.stringify(body) });
    } catch (e) {
      return { ok: false, status: 0, json: { title: 'The service did not answer', detail: String(e.message || e) } };
    }
    const type = res.headers.get('Content-Type') || '';
    const text = await res.text();
    let json = null;
    if (type.includes('json')) { try { json = JSON.parse(text); } catch (e) { /* not JSON after all */ } }
    if (!res.ok && !json) json = { title: `HTTP ${res.status}`, detail: text.slice(0, 300) };
    return { ok: res.ok, status: res.status, json: withKeyHint(json, res.status), text };
  }

  // ---------------------------------------------------------------- errors next to the input

  /** The source line around a 0-based offset, with the character there marked and a caret under it. */
  function sourceMarker(source, position, line, column) {
    let start; let col;
    if (Number.isInteger(position) && position >= 0) {
      start = source.lastIndexOf('\n', position - 1) + 1;
      col = position - start;
    } else if (Number.isInteger(line) && Number.isInteger(column)) {
      const lines = source.split('\n');
      start = lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0);
      col = column - 1;
    } else {
      return null;
    }
    let end = source.indexOf('\n', start);
    if (end < 0) end = source.length;
    const text = source.slice(start, end);
    const at = Math.min(col, text.length);
    const marked = text.slice(at, at + 1) || ' ';
    return h('pre', { class: 'marker', 'aria-hidden': 'true' },
      h('span', { text: text.slice(0, at) }),
      h('mark', { text: marked }),
      h('span', { text: text.slice(at + 1) }),
      '\n', h('span', { class: 'caret', text: ' '.repeat(at) + '^' }));
  }

  function where(item) {
    if (Number.isInteger(item.line) && Number.isInteger(item.column)) return `line ${item.line}, column ${item.column}`;
    if (Number.isInteger(item.position)) return `position ${item.position}`;
    return null;
  }

  /**
   * Shows a problem in `box` (next to `input`): title, each error with its line/column (a marker under
   * the character) or path; selects the first position in the input so the user lands on it.
   */
  function showProblem(box, input, problem, status) {
    box.replaceChildren();
    box.hidden = false;
    input.setAttribute('aria-invalid', 'true');
    const source = input.value;
    const items = Array.isArray(problem.errors) && problem.errors.length ? problem.errors : [problem];
    box.append(h('p', { class: 'error-title' }, h('strong', { text: problem.title || 'Error' }), status ? ` (HTTP ${status})` : ''));
    const list = h('ul', { class: 'error-list' });
    let firstPos = null;
    for (const item of items) {
      const message = item === problem ? (problem.detail || '') : (item.message || item.detail || '');
      const loc = where(item);
      const li = h('li', { class: 'error-item' });
      if (loc) li.append(h('span', { class: 'where', text: loc + ': ' }));
      if (item.path) li.append(h('code', { class: 'path', text: item.path }), ': ');
      li.append(message.replace(/\s*\((line \d+, column \d+)\)\s*$/, ''));
      if (item.token !== undefined && item.token !== null && item.token !== '') li.append(h('span', { class: 'token', text: ` (at “${item.token}”)` }));
      const marker = sourceMarker(source, item.position, item.line, item.column);
      if (marker) li.append(marker);
      if (firstPos === null && Number.isInteger(item.position)) firstPos = item.position;
      else if (firstPos === null && Number.isInteger(item.line) && Number.isInteger(item.column)) {
        firstPos = source.split('\n').slice(0, item.line - 1).reduce((n, l) => n + l.length + 1, 0) + item.column - 1;
      }
      list.append(li);
    }
    box.append(list);
    if (firstPos !== null && input.setSelectionRange) {
      input.setSelectionRange(firstPos, Math.min(firstPos + 1, source.length));
    }
  }

  function clearProblem(box, input) {
    box.hidden = true;
    box.replaceChildren();
    input.removeAttribute('aria-invalid');
  }

  // ---------------------------------------------------------------- graphs (SVG from the service)

  let svgCount = 0;
  /** Puts the service's SVG document into `container` as markup (ids made unique, nothing active kept). */
  function insertSvg(container, svgText) {
    const doc = new DOMParser().parseFromString(svgText, 'image/svg+xml');
    const svg = doc.documentElement;
    if (!svg || svg.nodeName !== 'svg' || doc.querySelector('parsererror')) throw new Error('the graph is not an SVG document');
    svg.querySelectorAll('script, foreignObject').forEach((e) => e.remove());
    const prefix = `g${++svgCount}-`;
    const ids = new Set();
    svg.querySelectorAll('[id]').forEach((e) => { ids.add(e.id); e.id = prefix + e.id; });
    svg.querySelectorAll('*').forEach((e) => {
      for (const a of Array.from(e.attributes)) {
        if (/^on/i.test(a.name)) e.removeAttribute(a.name);
        else if (a.value.includes('url(#')) e.setAttribute(a.name, a.value.replace(/url\(#([^)]+)\)/g, (m, id) => (ids.has(id) ? `url(#${prefix}${id})` : m)));
      }
    });
    const width = parseFloat(svg.getAttribute('width'));
    const node = document.importNode(svg, true);
    node.setAttribute('role', 'img');
    if (width) node.style.maxWidth = `${width}px`;
    node.removeAttribute('height');
    node.setAttribute('width', '100%');
    container.replaceChildren(node);
    return node;
  }

  async function loadGraph(container, path, body, label) {
    container.replaceChildren(h('p', { class: 'empty', text: 'Drawing the graph…' }));
    const r = await post(path, body, 'image/svg+xml');
    if (r.ok) {
      try {
        const svg = insertSvg(container, r.text);
        svg.setAttribute('aria-label', label);
        return;
      } catch (e) {
        container.replaceChildren(h('p', { class: 'empty', text: `The graph could not be shown: ${e.message}` }));
        return;
      }
    }
    const why = r.json && (r.json.detail || r.json.title) ? `: ${r.json.detail || r.json.title}` : '';
    container.replaceChildren(h('p', { class: 'empty', text: `No graph (HTTP ${r.status}${why})` }));
  }

  // ---------------------------------------------------------------- expression tab

  /** "x = 2, z = 3" (commas, semicolons or new lines) or a JSON object -> {x: 2, z: 3}. */
  function parseBindings(text) {
    const t = text.trim();
    if (!t) return {};
    if (t.startsWith('{')) {
      const o = JSON.parse(t);
      if (typeof o !== 'object' || Array.isArray(o)) throw new Error('bindings must be an object');
      return o;
    }
    const out = {};
    for (const part of t.split(/[,;\n]+/)) {
      if (!part.trim()) continue;
      const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*[=:]\s*(\S+)\s*$/.exec(part);
      const num = m ? Number(m[2].replace('−', '-')) : NaN;
      if (!m || Number.isNaN(num)) throw new Error(`expected name = number, found “${part.trim()}”`);
      out[m[1]] = num;
    }
    return out;
  }

  function expressionBody() {
    const text = $('#expr-text').value;
    const isProgram = /(^|[\n;])\s*[A-Za-z_][A-Za-z0-9_]*\s*=(?!=)/.test(text);
    const bindings = parseBindings($('#expr-bindings').value);
    return isProgram ? { program: text, bindings } : { expression: text, bindings };
  }

  async function runExpression() {
    const textBox = $('#expr-text');
    const bindingsBox = $('#expr-bindings');
    clearProblem($('#expr-error'), textBox);
    clearProblem($('#bindings-error'), bindingsBox);
    let body;
    try {
      body = expressionBody();
    } catch (e) {
      showProblem($('#bindings-error'), bindingsBox, { title: 'The bindings cannot be read', detail: e.message });
      return;
    }
    setBusy('#expr-run', true);
    const [r, derivative, hessian] = await Promise.all([
      post('/api/v1/expressions/gradient', body),
      // asked in parallel; an error is reported once, by the gradient request
      post('/api/v1/expressions/derivative', body),
      post('/api/v1/expressions/hessian', body),
      loadGraph($('#expr-graph'), '/api/v1/expressions/graph', body, 'Computation graph'),
    ]);
    setBusy('#expr-run', false);
    if (!r.ok) {
      const p = r.json || {};
      const bindingProblem = (p.errors || []).length > 0 && p.errors.every((e) => e.path && e.path.startsWith('bindings'))
        || (!p.errors && p.path && p.path.startsWith('bindings'));
      showProblem(bindingProblem ? $('#bindings-error') : $('#expr-error'), bindingProblem ? bindingsBox : textBox, p, r.status);
      $('#expr-summary').replaceChildren(h('h2', { id: 'expr-summary-title', text: 'Result' }), h('p', { class: 'empty', text: 'No result: see the error next to the input.' }));
      $('#expr-graph').replaceChildren(h('p', { class: 'empty', text: 'No graph.' }));
      $('#expr-forward').replaceChildren();
      $('#expr-backward').replaceChildren();
      $('#expr-derivatives').replaceChildren();
      $('#expr-hessian').replaceChildren();
      return;
    }
    renderExpressionResult(r.json);
    renderDerivatives(r.json.output, derivative, r.json.gradient || {});
    renderHessian(hessian);
  }

  /**
   * ∂y/∂x for each variable, typeset from the service's LaTeX, with the formula's text beside it
   * (copyable). A tensor variable's formula (its gradient is an array) is a tensor: it says so, with
   * how to check it, since /gradient takes only a one-element output.
   */
  function renderDerivatives(out, r, gradient) {
    const box = $('#expr-derivatives');
    if (!r.ok) {
      box.replaceChildren(h('p', { class: 'empty', text: `No formulas: ${(r.json && (r.json.detail || r.json.title)) || `HTTP ${r.status}`}` }));
      return;
    }
    const items = Object.entries(r.json.derivatives).map(([name, f]) => {
      // the text to copy: the program when it names shared parts (the note's a, b, ...), else the one line
      const text = f.expression !== undefined && !f.program.includes('\n') ? f.expression : f.program;
      const g = gradient[name];
      const shape = !Array.isArray(g) ? null : Array.isArray(g[0]) ? `${g.length}, ${g[0].length}` : `${g.length}`;
      const li = h('li', { class: shape ? 'derivative tensor-formula' : 'derivative', 'data-var': name, 'data-expression': f.expression,
        'data-program': f.program, 'data-shape': shape || undefined });
      const lhs = `\\frac{\\partial ${texId(out)}}{\\partial ${texId(name)}}`;
      if (f.expression !== undefined) {
        li.append(typeset(h('div', { class: 'symbolic' }), `${lhs} = ${f.latex}`, `∂${out}/∂${name} = ${text}`, true));
      } else {
        li.append(h('p', { class: 'hint', text: `∂${out}/∂${name} is too long for one line; as a program, shared parts named:` }),
          typeset(h('div', { class: 'symbolic' }), f.latex, text, true));
      }
      li.append(h('pre', { class: 'formula-text', text }));
      li.append(h('p', { class: 'hint formula-check', text: shape
        ? `A [${shape}] tensor, not one number: to check it, send this program to /jvp with zero tangents (its value is the formula's), `
          + `or wrap the right side of its last line (${f.program.split('\n').pop().split(' = ')[0]} = …) in sum(...) for /gradient.`
        : 'One number: send it back to /gradient with the same bindings to check it.' }));
      return li;
    });
    box.replaceChildren(h('ul', { class: 'derivations', id: 'derivative-list', 'aria-label': 'Derivative formulas' }, items));
  }

  /** The Hessian as a table: rows and columns named by the variables. */
  function renderHessian(r) {
    const box = $('#expr-hessian');
    if (!r.ok) {
      box.replaceChildren(h('p', { class: 'empty', text: `No Hessian: ${(r.json && (r.json.detail || r.json.title)) || `HTTP ${r.status}`}` }));
      return;
    }
    const vars = r.json.variables;
    const head = h('tr', {}, h('th', { scope: 'col', text: '' }), vars.map((v) => h('th', { scope: 'col', text: v })));
    const rows = vars.map((v, i) => h('tr', { 'data-var': v }, h('th', { scope: 'row', text: v }),
      r.json.hessian[i].map((x, j) => h('td', { class: 'num', id: `hessian-${v}-${vars[j]}`, 'data-value': String(x), title: String(x), text: fmt(x, 10) }))));
    box.replaceChildren(h('table', { class: 'trace hessian', id: 'hessian-table' },
      h('caption', { text: 'Hessian: ∂²output / ∂row ∂column' }), h('thead', {}, head), h('tbody', {}, rows)));
  }

  function renderExpressionResult(res) {
    const summary = $('#expr-summary');
    const out = res.output;
    const value = h('div', { class: 'big-value' });
    value.append(h('span', { class: 'label', text: 'Value' }),
      h('span', { class: 'num', id: 'result-value', 'data-value': String(res.value), title: String(res.value) },
        h('span', { class: 'sym', text: `${out} = ` }), fmt(res.value)));
    const rows = Object.entries(res.gradient || {}).map(([name, g]) => {
      const sym = h('th', { scope: 'row' });
      typeset(sym, `\\frac{\\partial ${texId(out)}}{\\partial ${texId(name)}}`, `∂${out}/∂${name}`, true);
      if (Array.isArray(g)) return h('tr', { 'data-var': name }, sym, h('td', { class: 'num gradient-value', id: `gradient-${name}` }, tensorView(g)));
      return h('tr', { 'data-var': name }, sym,
        h('td', { class: 'num gradient-value', id: `gradient-${name}`, 'data-value': String(g), title: String(g), text: fmt(g) }));
    });
    const table = h('table', { class: 'gradient-table' },
      h('caption', { text: 'Gradient' }),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col', text: 'd output / d variable' }), h('th', { scope: 'col', text: 'value' }))),
      h('tbody', {}, rows));
    const warnings = (res.warnings || []).map((w) => h('p', { class: 'warning', role: 'status', text: typeof w === 'string' ? w : (w.message || JSON.stringify(w)) }));
    summary.replaceChildren(h('h2', { id: 'expr-summary-title', text: 'Result' }), value, table, ...warnings);

    // forward: node, definition, value, gradient
    const fwdRows = res.nodes.map((n) => {
      const def = h('td', { class: 'math' });
      if (n.kind === 'operation') {
        const t = toTex(n.expression);
        typeset(def, t ? `${texId(n.id)} = ${t}` : null, `${n.id} = ${n.expression}`, true);
      } else {
        typeset(def, texId(n.id), n.id);
        def.append(h('span', { class: 'kind', text: n.kind === 'input' ? ' input' : ` ${n.kind}` }));
      }
      return h('tr', { 'data-id': n.id, class: n.id === out ? 'is-output' : '' },
        h('th', { scope: 'row', class: 'id', text: n.id }), def,
        valueCell(n.value, String(n.value)),
        n.gradient === undefined ? h('td', { class: 'num', title: 'not differentiated', text: '—' }) : valueCell(n.gradient, String(n.gradient)));
    });
    $('#expr-forward').replaceChildren(h('table', { class: 'trace', id: 'forward-table' },
      h('caption', { class: 'sr-only', text: 'Forward computation: each node with its value and gradient' }),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col', text: 'node' }), h('th', { scope: 'col', text: 'definition' }),
        h('th', { scope: 'col', class: 'num', text: 'value' }), h('th', { scope: 'col', class: 'num', text: 'gradient g' }))),
      h('tbody', {}, fwdRows)));

    // backward: g_b = g_e · (−a/b²) + g_c · cos(b) = …, then the numbers
    const gradientOf = Object.fromEntries(res.backward.map((b) => [b.id, b.gradient]));
    const items = res.backward.map((b) => {
      const g = (id) => `g_{${texId(id)}}`;
      let symbolic; let numeric; let plain;
      if (Array.isArray(b.gradient) || b.terms.some((t) => t.vjp !== undefined)) {
        // a tensor: the contributions as the note's vector chain rule writes them, g_z1 = alpha2 @ g_u2 + ...
        // a scalar term among tensor ones has no vjp: it is g_consumer times its local derivative
        const vjp = (t) => t.vjp ?? `g_${t.consumer} * (${t.localDerivative})`;
        plain = `g_${b.id} = ${b.terms.length ? b.terms.map(vjp).join(' + ') : '1'}`;
        const li = h('li', { class: 'derivation tensor', 'data-id': b.id, title: plain,
          'data-terms': JSON.stringify(b.terms.map((t) => ({ consumer: t.consumer, vjp: t.vjp, jacobianShape: t.jacobianShape }))) });
        li.append(h('div', { class: 'symbolic vjp' }, h('code', { text: plain })),
          h('div', { class: 'numeric' }, tensorView(b.gradient)));
        return li;
      }
      if (b.terms.length === 0) {
        symbolic = `${g(b.id)} = \\frac{\\partial ${texId(out)}}{\\partial ${texId(b.id)}} = ${texNum(b.gradient, 10)}`;
        numeric = null;
        plain = `g_${b.id} = 1`;
      } else {
        const parts = b.terms.map((t) => {
          const tree = (() => { try { return parseExpr(t.localDerivative); } catch (e) { return null; } })();
          let local = tree ? tex(tree) : `\\text{${t.localDerivative}}`;
          if (!tree || !isAtom(tree)) local = `\\left(${local}\\right)`;
          return `${g(t.consumer)} \\cdot ${local}`;
        });
        symbolic = `${g(b.id)} = ${parts.join(' + ')}`;
        numeric = `= ${b.terms.map((t) => `${wrapNeg(texNum(gradientOf[t.consumer], 6))} \\cdot ${wrapNeg(texNum(t.localValue, 6))}`).join(' + ')} = ${texNum(b.gradient, 10)}`;
        plain = `g_${b.id} = ${b.terms.map((t) => `g_${t.consumer} · (${t.localDerivative})`).join(' + ')} = ${b.gradient}`;
      }
      const li = h('li', { class: 'derivation', 'data-id': b.id, title: plain,
        'data-terms': JSON.stringify(b.terms.map((t) => ({ consumer: t.consumer, localDerivative: t.localDerivative }))) });
      li.append(typeset(h('div', { class: 'symbolic' }), symbolic, plain, true));
      if (numeric) li.append(typeset(h('div', { class: 'numeric' }), numeric, numeric));
      return li;
    });
    $('#expr-backward').replaceChildren(h('ol', { class: 'derivations', id: 'backward-list', 'aria-label': 'Backward computation, output first' }, items));
  }
  /** A number, or a tensor as a small table of shaded cells (a heat map; exact values in the titles). */
  function tensorView(v, digits = 4) {
    if (!Array.isArray(v)) return document.createTextNode(fmt(v, digits));
    const rows = Array.isArray(v[0]) ? v : [v];
    const flat = rows.flat().filter((x) => typeof x === 'number');
    const max = Math.max(1e-300, ...flat.map(Math.abs));
    const shown = rows.slice(0, 8).map((row) => h('tr', {}, row.slice(0, 8).map((x) => {
      const c = typeof x === 'number' ? diverging(x / max) : { bg: '#fde68a', dark: false };
      const td = h('td', { class: c.dark ? 'cell dark' : 'cell', title: String(x), 'data-value': String(x), text: fmt(x, digits) });
      td.style.background = c.bg;
      return td;
    }).concat(row.length > 8 ? [h('td', { class: 'more', text: '…' })] : [])));
    const shape = Array.isArray(v[0]) ? `${v.length} × ${v[0].length}` : `${v.length}`;
    return h('span', { class: 'tensor' }, h('table', { class: 'tensor-table', 'data-shape': shape, title: `shape [${shape.replace(' × ', ', ')}]` },
      h('tbody', {}, shown.concat(rows.length > 8 ? [h('tr', {}, h('td', { class: 'more', text: '⋮' }))] : []))),
      h('span', { class: 'shape', text: `[${shape.replace(' × ', ', ')}]` }));
  }

  function valueCell(v, title) {
    return Array.isArray(v) ? h('td', { class: 'num tensor-cell' }, tensorView(v, 3)) : h('td', { class: 'num', title, text: fmt(v, 8) });
  }

  const wrapNeg = (s) => (s.startsWith('-') ? `\\left(${s}\\right)` : s);

  // ---------------------------------------------------------------- network tab

  function readJson(textarea, errorBox) {
    try {
      return JSON.parse(textarea.value);
    } catch (e) {
      // "... at position 123" (V8) -> mark it
      const m = /position (\d+)/.exec(e.message);
      showProblem(errorBox, textarea, { title: 'The request is not valid JSON', detail: e.message, position: m ? Number(m[1]) : undefined });
      return null;
    }
  }

  async function runNetwork() {
    const box = $('#net-text');
    const errorBox = $('#net-error');
    clearProblem(errorBox, box);
    const body = readJson(box, errorBox);
    if (!body) return;
    setBusy('#net-run', true);
    const [r] = await Promise.all([
      post('/api/v1/networks/gradient', body),
      loadGraph($('#net-graph'), '/api/v1/networks/graph', body, 'Layer graph'),
    ]);
    setBusy('#net-run', false);
    if (!r.ok) {
      showProblem(errorBox, box, r.json || {}, r.status);
      $('#net-summary').replaceChildren(h('h2', { id: 'net-summary-title', text: 'Loss' }), h('p', { class: 'empty', text: 'No result: see the error next to the input.' }));
      $('#net-heatmaps').replaceChildren();
      $('#net-graph').replaceChildren(h('p', { class: 'empty', text: 'No graph.' }));
      return;
    }
    const res = r.json;
    const summary = $('#net-summary');
    const loss = h('div', { class: 'big-value' }, h('span', { class: 'label', text: 'Loss J' }),
      h('span', { class: 'num', id: 'net-loss', 'data-value': String(res.loss), title: String(res.loss), text: fmt(res.loss) }));
    const lossName = h('p', { class: 'hint', text: `${body.loss || ''}${body.examples ? `, mean over ${body.examples.length} examples` : ''}` });
    const target = body.example ? ` (target y = ${JSON.stringify(body.example.y)})` : '';
    const preds = h('p', { class: 'predictions' }, h('span', { class: 'label', text: 'Predictions ŷ ' }),
      h('span', { class: 'num', text: (res.predictions || []).map((row) => `[${row.map((v) => fmt(v, 6)).join(', ')}]`).join(' ') }), target);
    summary.replaceChildren(h('h2', { id: 'net-summary-title', text: 'Loss' }), loss, lossName, preds, layerTable(body),
      ...(res.warnings || []).map((w) => h('p', { class: 'warning', text: typeof w === 'string' ? w : (w.message || JSON.stringify(w)) })));
    const maps = [];
    (res.gradients.layers || []).forEach((layer, i) => {
      maps.push(heatmap(`g_{W_{${i + 1}}} = \\partial J / \\partial W_{${i + 1}}`, `dJ/dW${i + 1}`, layer.weights, `heat-W${i + 1}`));
      if (layer.bias) maps.push(heatmap(`g_{b_{${i + 1}}}`, `dJ/db${i + 1}`, [layer.bias], `heat-b${i + 1}`));
    });
    if (res.gradients.x) maps.push(heatmap('g_{x}', 'dJ/dx', res.gradients.x, 'heat-x'));
    $('#net-heatmaps').replaceChildren(...maps);
    $('#net-backward').replaceChildren(...backwardByLayer(res.backward || []));
  }

  const VJP_FUNCS = new Set(['outer', 'sum', 'mean', 'softmax', 'log_softmax', 'logsumexp', 'transpose', 'dot', 'norm']);

  /**
   * A vjp as the service writes it (`W3' @ g_u3`, `outer(z2, g_u3)`, `g_z1 * z1 * (1 - z1)`) as LaTeX:
   * ' is a transpose, @ a matrix product, * elementwise (Hadamard), g_u3 the gradient g_{u_3}.
   */
  function vjpTex(text) {
    let out = '';
    const re = /\s*(g_[A-Za-z]+\d*|[A-Za-z_][A-Za-z0-9_]*|\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|'|@|\*|\/|\+|-|\(|\)|,|\[|\])/y;
    let m;
    let pos = 0;
    while (pos < text.length) {
      re.lastIndex = pos;
      m = re.exec(text);
      if (!m) return null;
      pos = re.lastIndex;
      const t = m[1];
      if (t.startsWith('g_')) out += `g_{${texId(t.slice(2))}}`;
      else if (VJP_FUNCS.has(t)) out += `\\operatorname{${t.replace(/_/g, '\\_')}}`;
      else if (t === 'B') out += 'B';
      else if (/^[A-Za-z_]/.test(t)) out += texId(t);
      else if (t === "'") out += '^{\\top}';
      else if (t === '@') out += '\\,';
      else if (t === '*') out += ' \\odot ';
      else if (t === '/') out += ' / ';
      else if (t === '+' || t === '-') out += ` ${t} `;
      else out += t;
    }
    return out;
  }

  /**
   * The backward pass as the note's blanks filled in, one group per layer from the last: each
   * node's gradient as the sum of its consumers' terms (vjp), typeset, with the Jacobian's shape.
   */
  function backwardByLayer(backward) {
    if (!backward.length) return [h('p', { class: 'empty', text: 'No backward pass.' })];
    const layerOf = (id) => { const m = /^[A-Za-z]+(\d+)$/.exec(id); return m ? Number(m[1]) : 0; };
    const groups = new Map();
    for (const b of backward) {
      if (!b.terms || !b.terms.length) continue; // J (the output), or a node no path reaches
      const layer = layerOf(b.id);
      if (!groups.has(layer)) groups.set(layer, []);
      groups.get(layer).push(b);
    }
    return [...groups.entries()].map(([layer, entries]) => h('figure', { class: 'backward-layer', id: `backward-layer-${layer}` },
      h('figcaption', { text: layer ? `Layer ${layer}` : 'Input' }),
      h('ul', { class: 'derivation' }, entries.map((b) => {
        const terms = b.terms.map((t) => t.vjp || `g_${t.consumer} (its Jacobian)`);
        const text = `g_${b.id} = ${terms.join(' + ')}`;
        const latex = terms.every((t) => vjpTex(t) !== null)
          ? `g_{${texId(b.id)}} = ${terms.map(vjpTex).join(' + ')}` : null;
        const shapes = b.terms.map((t) => (t.jacobianShape ? `${t.jacobianShape[0]} × ${t.jacobianShape[1]}` : '')).filter(Boolean);
        return h('li', { id: `backward-${b.id}`, 'data-formula': text },
          typeset(h('span', { class: 'formula' }), latex, text),
          shapes.length ? h('span', { class: 'shape', title: 'd consumer / d node, as the note\'s vector chain rule writes it', text: `  Jacobian ${shapes.join(', ')}` }) : null);
      }))));
  }

  /** The layers as sent: sizes (in the request's layout), activation, bias. */
  function layerTable(body) {
    const outIn = body.weightLayout === 'out_in';
    const rows = (body.layers || []).map((l, i) => {
      const w = l.weights || [];
      const [din, dout] = outIn ? [(w[0] || []).length, w.length] : [w.length, (w[0] || []).length];
      return h('tr', {}, h('th', { scope: 'row', text: `${i + 1}` }), h('td', { class: 'num', text: `${din} → ${dout}` }),
        h('td', { text: l.activation || '' }), h('td', { text: l.bias ? 'yes' : 'no' }));
    });
    return h('table', { class: 'trace layers' }, h('caption', { class: 'sr-only', text: 'Layers' }),
      h('thead', {}, h('tr', {}, ...['layer', 'inputs → outputs', 'activation', 'bias'].map((t) => h('th', { scope: 'col', text: t })))),
      h('tbody', {}, rows));
  }

  /** Diverging colour for v in [-1, 1]: blue (negative) - white - red (positive). */
  function diverging(t) {
    const a = Math.min(1, Math.abs(t));
    const rgb = (t < 0 ? [33, 102, 172] : [178, 24, 43]).map((c) => Math.round(255 + (c - 255) * a));
    // white or dark text, whichever contrasts more with the cell (WCAG relative luminance)
    const lum = rgb.map((c) => { const v = c / 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
      .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
    return { bg: `rgb(${rgb.join(', ')})`, dark: 1.05 / (lum + 0.05) > (lum + 0.05) / 0.064 };
  }

  /** A matrix as a table of coloured cells (value in each cell, exact value in its title). */
  function heatmap(titleTex, titleText, matrix, id) {
    const rows = Array.isArray(matrix[0]) ? matrix : [matrix];
    const flat = rows.flat().filter((v) => typeof v === 'number');
    const max = Math.max(1e-300, ...flat.map(Math.abs));
    const cols = rows[0] ? rows[0].length : 0;
    const showText = cols <= 12;
    const caption = h('figcaption', { id: `${id}-title` });
    caption.append(typeset(h('span', {}), titleTex, titleText), h('span', { class: 'shape', text: ` ${rows.length} × ${cols}` }));
    const body = h('tbody', {}, rows.map((row, i) => h('tr', {},
      h('th', { scope: 'row', class: 'idx', text: String(i + 1) }),
      row.map((v, j) => {
        const c = typeof v === 'number' ? diverging(v / max) : { bg: '#fde68a', dark: false };
        const td = h('td', { class: c.dark ? 'cell dark' : 'cell', title: `[${i + 1}, ${j + 1}] ${v}`, 'data-value': String(v),
          text: showText ? fmt(v, 3) : '' });
        td.style.background = c.bg;
        return td;
      }))));
    const head = h('thead', {}, h('tr', {}, h('th', { 'aria-hidden': 'true' }), Array.from({ length: cols }, (_, j) => h('th', { scope: 'col', class: 'idx', text: String(j + 1) }))));
    const legend = h('p', { class: 'legend' },
      h('span', { class: 'swatch neg', 'aria-hidden': 'true' }), ` −${fmt(max, 3)}`, h('span', { class: 'swatch zero', 'aria-hidden': 'true' }), ' 0',
      h('span', { class: 'swatch pos', 'aria-hidden': 'true' }), ` +${fmt(max, 3)}`);
    return h('figure', { class: 'heatmap', id }, caption, h('table', { class: 'heat', 'aria-labelledby': `${id}-title` }, head, body), legend);
  }

  // ---------------------------------------------------------------- training tab

  /** The run in progress: aborting it closes the stream, which stops the training on the server. */
  let trainingRun = null;

  function stopTraining() {
    if (trainingRun) trainingRun.abort();
  }

  /**
   * Trains with Accept: text/event-stream: the curve grows one epoch at a time as the server sends
   * them, Stop closes the stream; the last event carries the same answer as the plain JSON.
   */
  async function runTraining() {
    const box = $('#train-text');
    const errorBox = $('#train-error');
    clearProblem(errorBox, box);
    const body = readJson(box, errorBox);
    if (!body) return;
    const failed = (problem, status) => {
      showProblem(errorBox, box, problem || {}, status);
      $('#train-summary').replaceChildren(h('h2', { id: 'train-summary-title', text: 'Outcome' }), h('p', { class: 'empty', text: 'No result: see the error next to the input.' }));
      $('#train-curve').replaceChildren();
      $('#train-weights').replaceChildren();
    };
    const run = new AbortController();
    trainingRun = run;
    setBusy('#train-run', true);
    $('#train-stop').hidden = false;
    const losses = [];
    let drawn = false;
    const draw = () => { drawn = false; $('#train-curve').replaceChildren(lossCurve(losses)); };
    let res = null;
    try {
      const response = await fetch('/api/v1/networks/train', { method: 'POST', signal: run.signal,
        headers: apiHeaders({ 'Content-Type': 'application/json', Accept: 'text/event-stream' }), body: JSON.stringify(body) });
      if (!response.ok || !(response.headers.get('Content-Type') || '').startsWith('text/event-stream')) {
        const text = await response.text();
        let json = null;
        try { json = JSON.parse(text); } catch (e) { json = { title: `HTTP ${response.status}`, detail: text.slice(0, 300) }; }
        failed(withKeyHint(json, response.status), response.status);
        return;
      }
      $('#train-summary').replaceChildren(h('h2', { id: 'train-summary-title', text: 'Outcome' }),
        h('p', { class: 'hint', id: 'train-progress', text: 'Training…' }));
      const reader = response.body.getReader();
      const decoder = new TextDecoder();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let cut;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          let name = 'message';
          let data = '';
          for (const line of block.split('\n')) {
            if (line.startsWith('event:')) name = line.slice(6).trim();
            else if (line.startsWith('data:')) data += line.slice(5).trim();
          }
          if (!data) continue;
          const event = JSON.parse(data);
          if (name === 'epoch') {
            losses.push(event.loss);
            const progress = $('#train-progress');
            if (progress) progress.textContent = `Epoch ${event.epoch}: mean loss ${fmt(event.loss, 6)}`;
            if (!drawn) { drawn = true; requestAnimationFrame(draw); }
          } else if (name === 'done') {
            res = event;
          } else if (name === 'error') {
            failed({ title: 'The training stopped', detail: event.detail, status: event.status }, event.status);
            return;
          }
        }
      }
    } catch (e) {
      if (run.signal.aborted) {
        const progress = $('#train-progress');
        if (progress) progress.textContent = `Stopped after ${losses.length} epochs${losses.length ? `: mean loss ${fmt(losses[losses.length - 1], 6)}` : ''}.`;
        draw();
      } else {
        failed({ title: 'The service did not answer', detail: String(e.message || e) }, 0);
      }
      return;
    } finally {
      setBusy('#train-run', false);
      $('#train-stop').hidden = true;
      if (trainingRun === run) trainingRun = null;
    }
    if (res) showTrained(res);
  }

  function showTrained(res) {
    const losses = res.epochLosses || [];
    $('#train-summary').replaceChildren(h('h2', { id: 'train-summary-title', text: 'Outcome' }),
      h('div', { class: 'big-value' }, h('span', { class: 'label', text: 'Final loss' }),
        h('span', { class: 'num', id: 'train-final-loss', text: losses.length ? fmt(losses[losses.length - 1], 8) : '—' })),
      h('dl', { class: 'facts' },
        h('dt', { text: 'Epochs' }), h('dd', { text: String(losses.length) }),
        h('dt', { text: 'Updates (steps)' }), h('dd', { text: String(res.steps) }),
        h('dt', { text: 'Loss after epoch 1' }), h('dd', { text: losses.length ? fmt(losses[0], 8) : '—' })));
    $('#train-curve').replaceChildren(lossCurve(losses));
    const maps = [];
    (res.layers || []).forEach((layer, i) => {
      maps.push(heatmap(`W_{${i + 1}}`, `W${i + 1}`, layer.weights, `trained-W${i + 1}`));
      if (layer.bias) maps.push(heatmap(`b_{${i + 1}}`, `b${i + 1}`, [layer.bias], `trained-b${i + 1}`));
    });
    $('#train-weights').replaceChildren(...maps);
  }

  const SVGNS = 'http://www.w3.org/2000/svg';
  function s(tag, attrs = {}, text) {
    const el = document.createElementNS(SVGNS, tag);
    for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
    if (text !== undefined) el.textContent = text;
    return el;
  }

  /** Round tick steps (1, 2, 5 × 10^k) covering [lo, hi] with about `n` ticks. */
  function ticks(lo, hi, n) {
    if (!(hi > lo)) return [lo];
    const raw = (hi - lo) / n;
    const mag = 10 ** Math.floor(Math.log10(raw));
    const step = [1, 2, 5, 10].map((m) => m * mag).find((st) => st >= raw);
    const out = [];
    for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Number(v.toPrecision(12)));
    return out;
  }

  /** The loss per epoch as an SVG line chart with axes (no library). */
  function lossCurve(losses) {
    const W = 900; const H = 320; const m = { l: 70, r: 24, t: 16, b: 48 };
    const finite = losses.map((v) => (typeof v === 'number' ? v : NaN));
    const ok = finite.filter(Number.isFinite);
    const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, class: 'loss-curve', role: 'img',
      'aria-label': ok.length ? `Loss per epoch, from ${fmt(ok[0], 4)} to ${fmt(ok[ok.length - 1], 4)} over ${losses.length} epochs` : 'No finite losses' });
    if (!ok.length) return svg;
    const lo = Math.min(0, ...ok); let hi = Math.max(...ok);
    if (hi === lo) hi = lo + 1;
    const yt = ticks(lo, hi, 5);
    if (yt.length > 1 && yt[yt.length - 1] < hi) hi = yt[yt.length - 1] + (yt[1] - yt[0]);
    const n = losses.length;
    const x = (i) => m.l + (n === 1 ? 0.5 : i / (n - 1)) * (W - m.l - m.r);
    const y = (v) => H - m.b - ((v - lo) / (hi - lo)) * (H - m.t - m.b);
    const grid = s('g', { class: 'grid' });
    for (const t of ticks(lo, hi, 6)) {
      grid.append(s('line', { x1: m.l, x2: W - m.r, y1: y(t), y2: y(t) }));
      grid.append(s('text', { x: m.l - 8, y: y(t) + 4, 'text-anchor': 'end' }, fmt(t, 3)));
    }
    for (const t of ticks(1, n, 8).filter((t) => Number.isInteger(t))) {
      grid.append(s('line', { class: 'xtick', x1: x(t - 1), x2: x(t - 1), y1: H - m.b, y2: H - m.b + 5 }));
      grid.append(s('text', { x: x(t - 1), y: H - m.b + 20, 'text-anchor': 'middle' }, String(t)));
    }
    svg.append(grid);
    svg.append(s('line', { class: 'axis', x1: m.l, x2: W - m.r, y1: H - m.b, y2: H - m.b }));
    svg.append(s('line', { class: 'axis', x1: m.l, x2: m.l, y1: m.t, y2: H - m.b }));
    svg.append(s('text', { class: 'axis-label', x: (m.l + W - m.r) / 2, y: H - 8, 'text-anchor': 'middle' }, 'epoch'));
    svg.append(s('text', { class: 'axis-label', x: 16, y: (m.t + H - m.b) / 2, 'text-anchor': 'middle', transform: `rotate(-90 16 ${(m.t + H - m.b) / 2})` }, 'mean loss'));
    const pts = finite.map((v, i) => (Number.isFinite(v) ? `${x(i).toFixed(1)},${y(v).toFixed(1)}` : null)).filter(Boolean);
    svg.append(s('polyline', { class: 'line', points: pts.join(' ') }));
    if (n <= 60) finite.forEach((v, i) => { if (Number.isFinite(v)) svg.append(s('circle', { class: 'dot', cx: x(i), cy: y(v), r: 3 })); });
    return svg;
  }

  // ---------------------------------------------------------------- wiring

  function setBusy(sel, busy) {
    const b = $(sel);
    b.disabled = busy;
    b.setAttribute('aria-busy', String(busy));
    document.body.classList.toggle('busy', busy);
  }

  function fillSelect(select, examples) {
    for (const ex of examples) select.append(h('option', { value: ex.id, text: ex.label }));
  }

  /** JSON for the editors: a value that fits in `width` characters stays on one line (rows of a matrix, examples). */
  function pretty(value, indent = '', width = 64) {
    const flat = JSON.stringify(value, (k, v) => v, 1).replace(/\n\s*/g, ' ').replace(/\[ /g, '[').replace(/ \]/g, ']').replace(/{ /g, '{').replace(/ }/g, '}');
    if (value === null || typeof value !== 'object' || flat.length + indent.length <= width) return flat;
    const inner = indent + '  ';
    if (Array.isArray(value)) return `[\n${value.map((v) => inner + pretty(v, inner, width)).join(',\n')}\n${indent}]`;
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${pretty(v, inner, width)}`).join(',\n')}\n${indent}}`;
  }

  function initTabs() {
    const tabs = Array.from(document.querySelectorAll('[role="tab"]'));
    const select = (tab, focus) => {
      for (const t of tabs) {
        const on = t === tab;
        t.setAttribute('aria-selected', String(on));
        t.tabIndex = on ? 0 : -1;
        document.getElementById(t.getAttribute('aria-controls')).hidden = !on;
      }
      if (focus) tab.focus();
      history.replaceState(null, '', `#${tab.id.replace('tab-', '')}`);
    };
    tabs.forEach((tab, i) => {
      tab.addEventListener('click', () => select(tab, false));
      tab.addEventListener('keydown', (e) => {
        const next = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
        if (next) { e.preventDefault(); select(tabs[(i + next + tabs.length) % tabs.length], true); }
        if (e.key === 'Home') { e.preventDefault(); select(tabs[0], true); }
        if (e.key === 'End') { e.preventDefault(); select(tabs[tabs.length - 1], true); }
      });
    });
    const initial = tabs.find((t) => `#${t.id.replace('tab-', '')}` === location.hash);
    if (initial) select(initial, false);
  }

  function submitOnCtrlEnter(form) {
    form.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); form.requestSubmit(); }
    });
  }

  function init() {
    initTabs();

    $('#api-key').value = apiKey();
    $('#api-key').addEventListener('input', (e) => setApiKey(e.target.value));

    fillSelect($('#expr-example'), EXPRESSION_EXAMPLES);
    $('#expr-example').addEventListener('change', (e) => {
      const ex = EXPRESSION_EXAMPLES.find((x) => x.id === e.target.value);
      if (!ex) return;
      $('#expr-text').value = ex.text;
      $('#expr-bindings').value = ex.bindings;
      clearProblem($('#expr-error'), $('#expr-text'));
      clearProblem($('#bindings-error'), $('#expr-bindings'));
    });
    $('#expr-form').addEventListener('submit', (e) => { e.preventDefault(); runExpression(); });
    submitOnCtrlEnter($('#expr-form'));

    fillSelect($('#net-example'), NETWORK_EXAMPLES);
    $('#net-example').addEventListener('change', (e) => {
      const ex = NETWORK_EXAMPLES.find((x) => x.id === e.target.value);
      if (ex) { $('#net-text').value = pretty(ex.body); clearProblem($('#net-error'), $('#net-text')); }
    });
    $('#net-form').addEventListener('submit', (e) => { e.preventDefault(); runNetwork(); });
    submitOnCtrlEnter($('#net-form'));

    fillSelect($('#train-example'), TRAIN_EXAMPLES);
    $('#train-example').addEventListener('change', (e) => {
      const ex = TRAIN_EXAMPLES.find((x) => x.id === e.target.value);
      if (ex) { $('#train-text').value = pretty(ex.body); clearProblem($('#train-error'), $('#train-text')); }
    });
    $('#train-form').addEventListener('submit', (e) => { e.preventDefault(); runTraining(); });
    $('#train-stop').addEventListener('click', stopTraining);
    submitOnCtrlEnter($('#train-form'));

    document.body.dataset.ready = 'true';
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
