// The dashboard's service worker (UX-04): it makes Custos installable and keeps its static files — styles,
// scripts, icons — for fast and offline starts. It never caches a page, an API answer or anything else that could
// hold personal data: those always go to the network, and nothing of them is stored on the device.
'use strict';
const CACHE = 'custos-static-v1';
const STATIC = /^\/(css|js|icons|webjars)\//;

self.addEventListener('install', event => {
  event.waitUntil(caches.open(CACHE).then(cache => cache.addAll(['/css/custos.css', '/js/app.js',
    '/icons/custos.svg', '/icons/custos-192.png', '/manifest.webmanifest'])).then(() => self.skipWaiting()));
});

self.addEventListener('activate', event => {
  event.waitUntil(caches.keys().then(names => Promise.all(names.filter(name => name !== CACHE)
    .map(name => caches.delete(name)))).then(() => self.clients.claim()));
});

self.addEventListener('fetch', event => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== self.location.origin || !STATIC.test(url.pathname)) {
    return; // pages, the API, streams: straight to the network, never into a cache
  }
  event.respondWith(caches.open(CACHE).then(cache => cache.match(event.request).then(hit => {
    const fresh = fetch(event.request).then(response => {
      if (response.ok && response.type === 'basic') {
        cache.put(event.request, response.clone());
      }
      return response;
    });
    return hit || fresh;
  })));
});
