// Small behaviours of the dashboard, none required to use it: every form works without JavaScript.
(function () {
  'use strict';

  // The workspace switcher goes where it is pointed.
  document.addEventListener('change', function (event) {
    const select = event.target.closest('select[data-navigate]');
    if (select) {
      window.location.assign(select.value ? '/workspaces/' + encodeURIComponent(select.value) : '/');
    }
  });

  // Forms that ask before something cannot be undone.
  document.addEventListener('submit', function (event) {
    const question = event.target.getAttribute('data-confirm');
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  });

  // Uploads show their progress; without JavaScript the form posts as usual.
  document.addEventListener('submit', function (event) {
    const form = event.target.closest('form[data-upload-progress]');
    if (!form || event.defaultPrevented || !window.FormData) {
      return;
    }
    event.preventDefault();
    const bar = form.querySelector('progress');
    const request = new XMLHttpRequest();
    request.open('POST', form.action);
    request.upload.addEventListener('progress', function (progress) {
      if (bar && progress.lengthComputable) {
        bar.hidden = false;
        bar.value = Math.round(100 * progress.loaded / progress.total);
      }
    });
    request.addEventListener('load', function () {
      document.open();
      document.write(request.responseText);
      document.close();
    });
    request.send(new FormData(form));
  });

  // Copy buttons for secrets shown once.
  document.addEventListener('click', function (event) {
    const button = event.target.closest('[data-copy]');
    if (button && navigator.clipboard) {
      navigator.clipboard.writeText(document.getElementById(button.getAttribute('data-copy')).textContent.trim());
      button.textContent = 'Copied';
    }
  });

  // htmx sends the CSRF token the way the API expects it.
  document.addEventListener('htmx:configRequest', function (event) {
    const match = document.cookie.match(/(?:^|;\s*)XSRF-TOKEN=([^;]+)/);
    if (match) {
      event.detail.headers['X-XSRF-TOKEN'] = decodeURIComponent(match[1]);
    }
  });

  // Installable: the service worker keeps static files only (see /sw.js).
  if ('serviceWorker' in navigator) {
    window.addEventListener('load', function () {
      navigator.serviceWorker.register('/sw.js').catch(function () { /* not over plain HTTP elsewhere */ });
    });
  }
})();
