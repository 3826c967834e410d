// The live session view: follows a running session's events (Server-Sent Events) and shows the agent's words as
// they arrive. Text is added as text, never as HTML; whenever something other than words happens (a tool call,
// a result, an approval, the end of the run) the server-rendered transcript is fetched and swapped in, so what
// the page shows is always what the server renders (Markdown included).
(function () {
  'use strict';
  let source = null;

  function transcript() {
    return document.getElementById('transcript');
  }

  function nearBottom() {
    return window.innerHeight + window.scrollY >= document.body.scrollHeight - 120;
  }

  // Swaps run one after another, and never put an older transcript over a newer one.
  let queue = Promise.resolve();

  function refresh() {
    queue = queue.then(swap, swap);
    return queue;
  }

  function swap() {
    const current = transcript();
    const follow = nearBottom(); // keep up with the run only if the reader was following it
    return fetch(current.dataset.transcript, { credentials: 'same-origin', headers: { 'Accept': 'text/html' } })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        const next = new DOMParser().parseFromString(html, 'text/html').getElementById('transcript');
        const shown = transcript();
        if (!next || Number(next.dataset.lastSeq) < Number(shown.dataset.lastSeq)) {
          return;
        }
        shown.replaceWith(next);
        status(next.dataset.status);
        if (follow) {
          window.scrollTo({ top: document.body.scrollHeight });
        }
        resume();
      });
  }

  /** A run still going with no stream open (it dropped, or it resumed on another node): follow it again. */
  function resume() {
    if (transcript().dataset.status === 'running' && !source) {
      follow();
    }
  }

  function status(state) {
    const badge = document.getElementById('run-status');
    if (badge) {
      badge.textContent = state === 'running' ? 'working…' : state === 'awaiting_approval' ? 'waiting for approval'
        : 'ready';
      badge.className = state === 'idle' ? 'badge ok' : 'badge warn';
    }
    const stop = document.getElementById('stop');
    if (stop && state === 'idle') {
      stop.closest('form').remove();
    }
    document.querySelectorAll('.composer textarea, .composer button').forEach(function (field) {
      field.disabled = state !== 'idle';
    });
  }

  function follow() {
    const view = transcript();
    if (!view || view.dataset.status !== 'running' || source) {
      return;
    }
    source = new EventSource(view.dataset.events + '?after=' + encodeURIComponent(view.dataset.lastSeq));
    source.addEventListener('text_delta', function (event) {
      const live = document.querySelector('#live .text');
      if (live) {
        live.textContent += JSON.parse(event.data).content.text || '';
      }
    });
    // The step was cut off and starts again (its node died): what streamed of it so far is dropped.
    source.addEventListener('step_restarted', function () {
      const live = document.querySelector('#live .text');
      if (live) {
        live.textContent = '';
      }
    });
    ['assistant_message', 'tool_result', 'approval_decided'].forEach(function (name) {
      source.addEventListener(name, refresh);
    });
    ['approval_requested', 'run_completed', 'run_failed', 'run_cancelled'].forEach(function (name) {
      source.addEventListener(name, function () {
        source.close(); // the run paused or ended: no reconnecting
        source = null;
        refresh();
      });
    });
  }

  document.addEventListener('DOMContentLoaded', follow);
})();
