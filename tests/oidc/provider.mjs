// An OpenID provider for backbrief's sign-in tests: panva's oidc-provider on
// loopback http, with one client and a few users.
//
//   node provider.mjs '<json>'        (or the JSON in OIDC_TEST_CONFIG)
//
// The JSON: { "port": 0, "client": { "client_id", "client_secret",
// "redirect_uri" }, "users": [ { "sub", "email", "name", "groups": [] } ] }.
// Port 0 takes any free one. When it listens, the issuer URL is printed on
// standard output, alone on a line.
//
// Signing in: the provider's login page is a plain form (field `login`, the
// user's e-mail; button `Log ind`); consent is given at once.
//
// Signing out (RP-initiated logout): the discovery document names the
// end-session endpoint; the client's post-logout redirect URI is its
// redirect URI's base + `/auth/logout`. A person signed in here is asked
// on a plain page (heading `Log ud?`, button `Log ud`); then the provider
// forgets them and sends the browser back.
//
// A switch for the tests only: `POST /__mischief` with
// {"mode": "wrong-audience" | "expired" | "forged-signature" | "none"} makes
// the ID tokens issued from then on bad in that way: signed with the
// provider's own key but for another audience or long expired, or signed
// with a key the provider never publishes (same key id). "none" ends it.

import http from 'node:http';
import Provider from 'oidc-provider';
import * as jose from 'jose';

const config = JSON.parse(process.argv[2] || process.env.OIDC_TEST_CONFIG || '{}');
const users = config.users || [];
const client = config.client || {};

// The provider's own signing key (published in its JWKS) and a forger's key
// with the same key id (never published).
const kid = 'test-key';
async function privateJwk() {
  const { privateKey } = await jose.generateKeyPair('RS256', { extractable: true });
  return { ...(await jose.exportJWK(privateKey)), kid, alg: 'RS256', use: 'sig' };
}
const signingJwk = await privateJwk();
const forgerJwk = await privateJwk();
const signingKey = await jose.importJWK(signingJwk, 'RS256');
const forgerKey = await jose.importJWK(forgerJwk, 'RS256');

let mischief = 'none';
const MODES = ['none', 'wrong-audience', 'expired', 'forged-signature'];

const escape = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(res, status, title, body) {
  res.statusCode = status;
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.end(`<!doctype html><html lang="da"><head><meta charset="utf-8"><title>${escape(title)}</title></head>`
    + `<body><main><h1>${escape(title)}</h1>${body}</main></body></html>`);
}

// A small page as the provider's own answer (koa's context).
function pageBody(ctx, title, body) {
  ctx.type = 'html';
  ctx.body = `<!doctype html><html lang="da"><head><meta charset="utf-8"><title>${escape(title)}</title></head>`
    + `<body><main><h1>${escape(title)}</h1>${body}</main></body></html>`;
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    let data = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => {
      data += chunk;
      if (data.length > 65536) reject(new Error('body too large'));
    });
    req.on('end', () => resolve(data));
    req.on('error', reject);
  });
}

// The ID token of a token answer, made bad as the switch says.
async function spoil(idToken) {
  const payload = jose.decodeJwt(idToken);
  const now = Math.floor(Date.now() / 1000);
  let key = signingKey;
  if (mischief === 'wrong-audience') {
    payload.aud = 'another-client';
  } else if (mischief === 'expired') {
    payload.iat = now - 7200;
    payload.exp = now - 3600;
    payload.auth_time = now - 7200;
  } else if (mischief === 'forged-signature') {
    key = forgerKey;
  }
  return new jose.SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' }).sign(key);
}

const server = http.createServer();
await new Promise((resolve) => server.listen(config.port || 0, '127.0.0.1', resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;

const provider = new Provider(issuer, {
  clients: [{
    client_id: client.client_id,
    client_secret: client.client_secret,
    redirect_uris: [client.redirect_uri],
    post_logout_redirect_uris: [String(client.redirect_uri).replace(/\/auth\/callback$/, '/auth/logout')],
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic',
  }],
  jwks: { keys: [signingJwk] },
  cookies: { keys: ['backbrief-test-cookie-key'] },
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name', 'preferred_username'],
    groups: ['groups'],
  },
  scopes: ['openid', 'email', 'profile', 'groups'],
  // The claims asked for by scope go into the ID token too, as the
  // municipalities' providers (Entra ID, Keycloak) put them.
  conformIdTokenClaims: false,
  features: {
    devInteractions: { enabled: false },
    rpInitiatedLogout: {
      enabled: true,
      // The confirmation: the provider's form (its xsrf token) with a button
      // that ends the sign-in here.
      async logoutSource(ctx, form) {
        const button = '<button type="submit" name="logout" value="yes">Log ud</button></form>';
        pageBody(ctx, 'Log ud?', `<p>Vil du logge ud hos ${escape(ctx.host)}?</p>${form.replace('</form>', button)}`);
      },
      async postLogoutSuccessSource(ctx) {
        pageBody(ctx, 'Logget ud', '<p>Du er logget ud.</p>');
      },
    },
  },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  // Consent is given at once: a grant of what was asked for.
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId
      || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) {
      return ctx.oidc.provider.Grant.find(grantId);
    }
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope(ctx.oidc.params.scope || 'openid');
    await grant.save();
    return grant;
  },
  async findAccount(ctx, id) {
    const user = users.find((u) => u.sub === id);
    if (!user) return undefined;
    return {
      accountId: id,
      async claims() {
        return {
          sub: user.sub,
          email: user.email,
          email_verified: true,
          name: user.name,
          preferred_username: user.email,
          groups: user.groups || [],
        };
      },
    };
  },
});

// The token answer passes through the switch.
provider.use(async (ctx, next) => {
  await next();
  if (mischief !== 'none' && ctx.path === '/token' && ctx.body && typeof ctx.body.id_token === 'string') {
    ctx.body = { ...ctx.body, id_token: await spoil(ctx.body.id_token) };
  }
});

const callback = provider.callback();

async function interaction(req, res, uid) {
  const details = await provider.interactionDetails(req, res);
  if (details.uid !== uid) {
    page(res, 400, 'Forkert login', '<p>Ukendt login.</p>');
    return;
  }
  if (req.method === 'POST') {
    const form = new URLSearchParams(await readBody(req));
    const login = (form.get('login') || '').trim().toLowerCase();
    const user = users.find((u) => u.email.toLowerCase() === login);
    if (!user) {
      page(res, 200, 'Log ind', `<p>Ingen bruger med e-mailen ${escape(login)}.</p>${loginForm(uid)}`);
      return;
    }
    await provider.interactionFinished(req, res, { login: { accountId: user.sub } }, { mergeWithLastSubmission: false });
    return;
  }
  if (details.prompt.name === 'login') {
    page(res, 200, 'Log ind', loginForm(uid));
    return;
  }
  // Consent: given at once (loadExistingGrant makes the grant).
  const grant = new provider.Grant({ accountId: details.session.accountId, clientId: details.params.client_id });
  grant.addOIDCScope(details.params.scope || 'openid');
  const grantId = await grant.save();
  await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
}

function loginForm(uid) {
  return `<form method="post" action="/interaction/${escape(uid)}">`
    + '<label for="login">E-mail</label> <input id="login" name="login" type="email" autocomplete="off">'
    + ' <button type="submit">Log ind</button></form>';
}

server.on('request', async (req, res) => {
  try {
    const url = new URL(req.url, issuer);
    if (url.pathname === '/__mischief' && req.method === 'POST') {
      const mode = JSON.parse(await readBody(req)).mode;
      if (!MODES.includes(mode)) {
        res.statusCode = 400;
        res.end(`unknown mode ${JSON.stringify(mode)}`);
        return;
      }
      mischief = mode;
      res.statusCode = 204;
      res.end();
      return;
    }
    const match = url.pathname.match(/^\/interaction\/([A-Za-z0-9_-]+)$/);
    if (match) {
      await interaction(req, res, match[1]);
      return;
    }
    callback(req, res);
  } catch (error) {
    if (!res.headersSent) {
      page(res, 500, 'Fejl', `<p>${escape(error.message)}</p>`);
    } else {
      res.end();
    }
  }
});

// A reader that has gone away is no reason to stop.
process.stdout.on('error', () => {});
process.stdout.write(`${issuer}\n`);
// Stops with its parent: the test closes standard input when it is done.
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
