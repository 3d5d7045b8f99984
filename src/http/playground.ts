import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import express, { type Request, type Router } from 'express';
import { SIGN_IN_PATH, signInRouter, type SignInSettings } from './playground-sign-in.js';

/**
 * GraphiQL, served by the subgraph itself from the npm packages installed beside it: the page, its
 * scripts and styles never come from a CDN, so it works on machines without internet access.
 */

const require = createRequire(import.meta.url);
/** A file inside an installed package (whose exports do not list its browser bundles). */
const packageFile = (name: string, file: string) => join(dirname(require.resolve(`${name}/package.json`)), file);

/** Files the page loads, by the name it loads them under. */
const ASSETS: Record<string, { file: string; type: string }> = {
  'react.js': { file: packageFile('react', 'umd/react.production.min.js'), type: 'text/javascript' },
  'react-dom.js': { file: packageFile('react-dom', 'umd/react-dom.production.min.js'), type: 'text/javascript' },
  'graphiql.js': { file: packageFile('graphiql', 'graphiql.min.js'), type: 'text/javascript' },
  'graphiql.css': { file: packageFile('graphiql', 'graphiql.min.css'), type: 'text/css' },
};

const ASSETS_PATH = '/playground';
/** The page links its assets relative to itself, so it also works behind a proxy that adds a path prefix. */
const ASSETS_HREF = ASSETS_PATH.slice(1);

/** How the example document says to get a token, without and with the sign-in form. */
const TOKEN_STEPS = `# 1. A development token:
#      npm run -s token -- --org acme --roles organization_admin
# 2. In Headers below:  "Authorization": "Bearer <token>"
`;
const SIGN_IN_STEPS = `# 1. Sign in above (this server runs on development secrets).
# 2. The token is then in Headers below:  "Authorization": "Bearer <token>"
`;

/** Preloaded in the editor: one document, each operation runnable from the ▶ button's menu. */
export const EXAMPLE_OPERATIONS = `# Client providers API
${TOKEN_STEPS}# 3. Run an operation with ▶ (the book icon, top left, shows the schema).

query Environments {
  environments(first: 20) {
    totalCount
    edges {
      node {
        id
        name
        type
        defaultClientProvider { id name vendor }
        clientProviders { id name vendor }
      }
    }
  }
}

query ClientProviders {
  clientProviders(first: 20) {
    edges {
      node {
        id
        name
        vendor
        builtIn
        issuer
        hasRegistrationAuthorization
        introspectionClientId
        environments { name }
      }
    }
  }
}

mutation CreateEnvironment {
  createEnvironment(input: { name: "Production", type: PRODUCTION }) {
    environment { id name defaultClientProvider { name } }
    userErrors { field code message }
  }
}

mutation RegisterClient($environmentId: ID!) {
  registerClient(input: { environmentId: $environmentId, name: "My app", scopes: ["read"] }) {
    client { id clientId name status provider { name } }
    clientSecret
    userErrors { field code message }
  }
}

query Clients {
  clients(first: 20) {
    totalCount
    edges {
      node { id clientId name status environment { name } provider { name } }
    }
  }
}
`;

const EXAMPLE_VARIABLES = `{
  "environmentId": "paste an environment id from Environments or CreateEnvironment"
}`;

/** Empty until a token is pasted: the schema loads without one, and no request carries a placeholder. */
const EXAMPLE_HEADERS = `{
  "Authorization": ""
}`;

/**
 * The sign-in form above GraphiQL (development secrets only): it asks the server for a token and
 * puts it in the headers editor.
 */
const SIGN_IN_FORM = `<form id="sign-in" autocomplete="off" aria-label="Development sign-in">
<strong>Development sign-in</strong>
<label>Organization <input name="org" value="acme" required maxlength="255" size="14"></label>
<label>Roles <input name="roles" value="organization_admin" list="sign-in-roles" maxlength="700" size="22" title="Comma-separated: organization_admin, developer, gateway, or any other role"></label>
<datalist id="sign-in-roles"><option value="organization_admin"><option value="developer"><option value="gateway"></datalist>
<label>Subject <input name="sub" placeholder="dev-user" maxlength="255" size="12"></label>
<button type="submit">Sign in</button>
<output id="sign-in-status" aria-live="polite"></output>
</form>`;

const SIGN_IN_STYLE = `body { display: flex; flex-direction: column; }
#graphiql { flex: 1; min-height: 0; height: auto; }
#sign-in { display: flex; flex-wrap: wrap; align-items: center; gap: 4px 12px; padding: 6px 12px; font: 14px system-ui, sans-serif; border-bottom: 1px solid #d0d4da; }
#sign-in input { font: inherit; padding: 2px 4px; }
#sign-in button { font: inherit; padding: 2px 10px; cursor: pointer; }
#sign-in output[data-state="error"] { color: #b00020; }`;

/** The page: a JSON island with settings, the bundled scripts, and a few lines that start GraphiQL. */
function page(signIn: boolean): string {
  const settings = JSON.stringify({
    query: signIn ? EXAMPLE_OPERATIONS.replace(TOKEN_STEPS, SIGN_IN_STEPS) : EXAMPLE_OPERATIONS,
    variables: EXAMPLE_VARIABLES,
    headers: EXAMPLE_HEADERS,
    // Relative to the page, like the assets.
    signInUrl: signIn ? SIGN_IN_PATH.slice(1) : null,
  })
    // Nothing in the JSON island can close the script element.
    .replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Client providers · GraphiQL</title>
<link rel="stylesheet" href="${ASSETS_HREF}/graphiql.css">
<style>html, body, #graphiql { height: 100%; margin: 0; }${signIn ? `\n${SIGN_IN_STYLE}` : ''}</style>
</head>
<body>
${signIn ? `${SIGN_IN_FORM}\n` : ''}<div id="graphiql">Loading GraphiQL…</div>
<script id="playground-settings" type="application/json">${settings}</script>
<script src="${ASSETS_HREF}/react.js"></script>
<script src="${ASSETS_HREF}/react-dom.js"></script>
<script src="${ASSETS_HREF}/graphiql.js"></script>
<script src="${ASSETS_HREF}/start.js"></script>
</body>
</html>
`;
}

/**
 * Runs in the browser. Headers carry the bearer token, so none is ever written to the browser's
 * storage: not the tabs' headers (shouldPersistHeaders) and not the copies GraphiQL keeps in its
 * history, which this storage strips before anything is saved.
 */
const START_SCRIPT = `(function () {
  // GraphiQL's tabs and history (queries, favorites) keep each request's headers.
  var WITH_HEADERS = ['graphiql:tabState', 'graphiql:queries', 'graphiql:favorites'];
  function withoutHeaders(value) {
    var parsed;
    try { parsed = JSON.parse(value); } catch (e) { return value; }
    (function strip(node) {
      if (Array.isArray(node)) { node.forEach(strip); return; }
      if (node && typeof node === 'object') {
        delete node.headers;
        Object.keys(node).forEach(function (key) { strip(node[key]); });
      }
    })(parsed);
    return JSON.stringify(parsed);
  }
  var storage = {
    getItem: function (key) { return localStorage.getItem(key); },
    setItem: function (key, value) { localStorage.setItem(key, WITH_HEADERS.indexOf(key) >= 0 ? withoutHeaders(value) : value); },
    removeItem: function (key) { localStorage.removeItem(key); },
    clear: function () { localStorage.clear(); },
    get length() { return localStorage.length; }
  };
  var settings = JSON.parse(document.getElementById('playground-settings').textContent);
  // The page is served at the GraphQL URL itself.
  var fetcher = GraphiQL.createFetcher({ url: location.origin + location.pathname });
  var root = ReactDOM.createRoot(document.getElementById('graphiql'));
  // What the headers editor holds, so that signing in replaces only the Authorization header.
  var currentHeaders = settings.headers;
  function render(headers) {
    root.render(React.createElement(GraphiQL, {
      fetcher: fetcher,
      storage: storage,
      defaultQuery: settings.query,
      defaultTabs: [{ query: settings.query, variables: settings.variables, headers: settings.headers }],
      defaultHeaders: settings.headers,
      defaultEditorToolsVisibility: 'headers',
      isHeadersEditorEnabled: true,
      shouldPersistHeaders: false,
      // GraphiQL replaces the headers editor's text whenever this changes.
      headers: headers,
      onEditHeaders: function (value) { currentHeaders = value; }
    }));
  }
  render(undefined);

  var form = document.getElementById('sign-in');
  if (!form || !settings.signInUrl) return;
  var status = document.getElementById('sign-in-status');
  function say(text, state) {
    status.textContent = text;
    status.setAttribute('data-state', state);
  }
  function withToken(headersText, token) {
    var headers;
    try { headers = JSON.parse(headersText); } catch (e) { headers = null; }
    if (!headers || typeof headers !== 'object' || Array.isArray(headers)) headers = {};
    Object.keys(headers).forEach(function (name) {
      if (name.toLowerCase() === 'authorization') delete headers[name];
    });
    headers.Authorization = 'Bearer ' + token;
    return JSON.stringify(headers, null, 2);
  }
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var roles = form.elements.roles.value.split(',').map(function (role) { return role.trim(); }).filter(Boolean);
    var body = { org: form.elements.org.value, roles: roles, sub: form.elements.sub.value };
    say('Signing in…', 'pending');
    fetch(settings.signInUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      credentials: 'omit',
      cache: 'no-store'
    }).then(function (response) {
      return response.json().then(function (answer) {
        if (!response.ok) throw new Error(answer.message || ('HTTP ' + response.status));
        return answer;
      }, function () { throw new Error('HTTP ' + response.status); });
    }).then(function (answer) {
      currentHeaders = withToken(currentHeaders, answer.token);
      render(currentHeaders);
      say('Signed in as ' + answer.sub + ' (' + answer.org + (answer.roles.length ? ', ' + answer.roles.join(', ') : '') + ') until ' +
        new Date(answer.expiresAt).toLocaleTimeString() + '; the token is in Headers.', 'ok');
    }).catch(function (error) {
      say('Not signed in: ' + error.message, 'error');
    });
  });
})();
`;

/** A browser asking for the GraphQL URL itself (not a GraphQL GET request). */
function wantsPlayground(req: Request): boolean {
  return (
    req.method === 'GET' &&
    req.query.query === undefined &&
    req.query.extensions === undefined &&
    req.accepts(['application/json', 'text/html']) === 'text/html'
  );
}

const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  // GraphiQL's editors set style attributes.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * GET {graphqlPath} for browsers, and the page's assets under /playground; with signIn, the
 * sign-in form and its endpoint too.
 */
export function playgroundRouter(graphqlPath: string, signIn?: SignInSettings): Router {
  const router = express.Router();
  const html = page(signIn !== undefined);
  if (signIn) router.use(signInRouter(signIn));
  router.get(graphqlPath, (req, res, next) => {
    if (!wantsPlayground(req)) return next();
    // The page's relative links need the GraphQL URL as written, without a trailing slash.
    // (relative, so that a path prefix added by a proxy is kept).
    if (req.path.endsWith('/')) return res.redirect(301, `../${graphqlPath.split('/').pop()}`);
    res.set({ 'content-security-policy': CONTENT_SECURITY_POLICY, 'x-content-type-options': 'nosniff', 'cache-control': 'no-cache' });
    res.type('html').send(html);
  });
  router.get('/favicon.ico', (_req, res) => {
    res.status(204).end();
  });
  router.get(`${ASSETS_PATH}/start.js`, (_req, res) => {
    res.set({ 'x-content-type-options': 'nosniff', 'cache-control': 'no-cache' }).type('text/javascript').send(START_SCRIPT);
  });
  router.get(`${ASSETS_PATH}/:name`, (req, res, next) => {
    const asset = ASSETS[req.params.name];
    if (!asset) return next();
    res.sendFile(asset.file, { headers: { 'content-type': asset.type, 'x-content-type-options': 'nosniff' }, maxAge: '1d' });
  });
  return router;
}
