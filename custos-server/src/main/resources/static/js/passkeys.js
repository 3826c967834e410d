// Passkeys in the browser (ID-06): the WebAuthn ceremonies against Custos's API. The device checks the person;
// this page only carries the server's challenge to it and the signed answer back. No framework, no inline script
// (the content security policy allows scripts from this site only). Buttons say what they do with data-passkey.
(function () {
  'use strict';

  function bytes(base64url) {
    const base64 = base64url.replace(/-/g, '+').replace(/_/g, '/');
    const padded = base64 + '==='.slice((base64.length + 3) % 4);
    return Uint8Array.from(atob(padded), function (c) { return c.charCodeAt(0); });
  }

  function base64url(buffer) {
    let text = '';
    new Uint8Array(buffer).forEach(function (b) { text += String.fromCharCode(b); });
    return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }

  function creationOptions(json) {
    if (PublicKeyCredential.parseCreationOptionsFromJSON) {
      return PublicKeyCredential.parseCreationOptionsFromJSON(json);
    }
    json.challenge = bytes(json.challenge);
    json.user.id = bytes(json.user.id);
    json.excludeCredentials = (json.excludeCredentials || []).map(function (c) {
      return Object.assign({}, c, { id: bytes(c.id) });
    });
    return json;
  }

  function requestOptions(json) {
    if (PublicKeyCredential.parseRequestOptionsFromJSON) {
      return PublicKeyCredential.parseRequestOptionsFromJSON(json);
    }
    json.challenge = bytes(json.challenge);
    json.allowCredentials = (json.allowCredentials || []).map(function (c) {
      return Object.assign({}, c, { id: bytes(c.id) });
    });
    return json;
  }

  function answer(credential) {
    if (credential.toJSON) {
      return credential.toJSON();
    }
    const response = credential.response;
    const json = { id: credential.id, rawId: base64url(credential.rawId), type: credential.type,
      clientExtensionResults: credential.getClientExtensionResults(), response: {
        clientDataJSON: base64url(response.clientDataJSON) } };
    if (response.attestationObject) {
      json.response.attestationObject = base64url(response.attestationObject);
      json.response.transports = response.getTransports ? response.getTransports() : [];
    } else {
      json.response.authenticatorData = base64url(response.authenticatorData);
      json.response.signature = base64url(response.signature);
      json.response.userHandle = response.userHandle ? base64url(response.userHandle) : null;
    }
    return json;
  }

  function csrf() {
    const match = document.cookie.match(/(?:^|;\s*)XSRF-TOKEN=([^;]+)/);
    if (match) {
      return Promise.resolve(decodeURIComponent(match[1]));
    }
    return fetch('/api/auth/csrf', { credentials: 'same-origin' }).then(function (r) { return r.json(); })
      .then(function (t) { return t.token; });
  }

  function post(path, body) {
    return csrf().then(function (token) {
      return fetch(path, { method: 'POST', credentials: 'same-origin', headers: {
        'Content-Type': 'application/json', 'Accept': 'application/json', 'X-XSRF-TOKEN': token },
        body: body === undefined ? null : JSON.stringify(body) });
    }).then(function (response) {
      return response.text().then(function (text) {
        const json = text ? JSON.parse(text) : {};
        if (!response.ok) {
          throw new Error(json.detail || 'The request was refused.');
        }
        return json;
      });
    });
  }

  function show(button, message) {
    const place = document.querySelector('[data-passkey-message]');
    if (place) {
      place.textContent = message;
      place.hidden = false;
    }
    button.disabled = false;
  }

  const ceremonies = {
    'sign-in': function () {
      return post('/api/auth/passkey/options')
        .then(function (options) { return navigator.credentials.get({ publicKey: requestOptions(options) }); })
        .then(function (credential) { return post('/api/auth/passkey', { credential: answer(credential) }); })
        .then(function () { window.location.assign('/'); });
    },
    'second-factor': function () {
      return post('/api/auth/sign-in/second-factor/passkey/options')
        .then(function (options) { return navigator.credentials.get({ publicKey: requestOptions(options) }); })
        .then(function (credential) {
          return post('/api/auth/sign-in/second-factor/passkey', { credential: answer(credential) });
        })
        .then(function () { window.location.assign('/'); });
    },
    'register': function (button) {
      const password = document.getElementById(button.dataset.passwordField).value;
      const label = document.getElementById(button.dataset.labelField).value || 'Passkey';
      return post('/api/me/passkeys/registration', { password: password })
        .then(function (options) { return navigator.credentials.create({ publicKey: creationOptions(options) }); })
        .then(function (credential) { return post('/api/me/passkeys', { credential: answer(credential), label: label }); })
        .then(function (registered) {
          const codes = registered.backupCodes || [];
          const place = document.querySelector('[data-passkey-codes]');
          if (!codes.length || !place) {
            window.location.assign('/profile/security?passkey=added');
            return;
          }
          // Shown here once, never put in a URL: backup codes must not reach history or logs.
          place.querySelector('pre').textContent = codes.join('\n');
          place.hidden = false;
          button.disabled = false;
        });
    }
  };

  document.addEventListener('DOMContentLoaded', function () {
    document.querySelectorAll('[data-passkey]').forEach(function (button) {
      if (!window.PublicKeyCredential) {
        button.hidden = true;
        return;
      }
      button.hidden = false;
      button.addEventListener('click', function (event) {
        event.preventDefault();
        button.disabled = true;
        ceremonies[button.dataset.passkey](button).catch(function (error) {
          show(button, error.name === 'NotAllowedError' ? 'The passkey request was cancelled or timed out.'
            : error.message);
        });
      });
    });
  });
})();
