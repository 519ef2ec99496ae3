// Min dag's offline queue. Every form marked data-offline is sent as JSON with its idempotency
// key (see web/offline.py). The action is written to the phone's queue before it is sent, so a
// dropped network, a closed tab or a dead battery loses nothing; the queue is replayed in order
// when the network returns, and the server applies each key once. A refusal is kept and shown
// until the caregiver has read it: nothing is dropped silently.
(function () {
  "use strict";
  var STORE = "hverdag.queue";
  var OWNER = "hverdag.user";
  var KEPT = "hverdag.kept";
  var KEEP_FOR_MS = 30 * 60 * 1000;
  var body = document.body;
  var user = body.getAttribute("data-user") || "";
  var T = JSON.parse(document.getElementById("offline-texts").textContent);
  var sending = false;

  function load() {
    try { return JSON.parse(localStorage.getItem(STORE) || "[]"); } catch (e) { return []; }
  }
  function save(items) { localStorage.setItem(STORE, JSON.stringify(items)); }
  function mine(items) { return items.filter(function (i) { return i.user === user; }); }
  function csrf() {
    var m = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return m ? decodeURIComponent(m[1]) : "";
  }
  function uuid() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return "10000000-1000-4000-8000-100000000000".replace(/[018]/g, function (c) {
      return (c ^ (crypto.getRandomValues(new Uint8Array(1))[0] & (15 >> (c / 4)))).toString(16);
    });
  }

  // --- the pages a phone keeps --------------------------------------------------------------
  if ("serviceWorker" in navigator && body.getAttribute("data-sw")) {
    if (localStorage.getItem(OWNER) && localStorage.getItem(OWNER) !== user) {
      // Another person used this phone: their pages go, their unsent actions stay theirs.
      navigator.serviceWorker.ready.then(function (reg) { reg.active.postMessage({ type: "forget" }); });
      localStorage.removeItem(KEPT);
    }
    localStorage.setItem(OWNER, user);
    navigator.serviceWorker.register(body.getAttribute("data-sw"), { scope: "/min-dag/" });
    // Keeping a page reads (and logs) the client's record: once per half hour is enough.
    var keep = Array.prototype.map.call(document.querySelectorAll("a[data-keep]"), function (a) { return a.href; });
    var kept = null;
    try { kept = JSON.parse(localStorage.getItem(KEPT) || "null"); } catch (e) { kept = null; }
    var fresh = kept && kept.user === user && kept.urls === keep.join(" ") && Date.now() - kept.at < KEEP_FOR_MS;
    if (keep.length && navigator.onLine && !fresh) {
      navigator.serviceWorker.addEventListener("message", function (event) {
        if (event.data && event.data.type === "kept") {
          localStorage.setItem(KEPT, JSON.stringify({ user: user, urls: keep.join(" "), at: Date.now() }));
        }
      });
      navigator.serviceWorker.ready.then(function (reg) { reg.active.postMessage({ type: "keep", urls: keep }); });
    }
  }
  document.querySelectorAll("form[data-forget-offline]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      var waiting = mine(load()).filter(function (i) { return !i.errors; }).length;
      if (waiting && !window.confirm(T.logout_unsent.replace("%(n)s", waiting))) { event.preventDefault(); return; }
      localStorage.removeItem(KEPT);
      if (navigator.serviceWorker && navigator.serviceWorker.controller) {
        navigator.serviceWorker.controller.postMessage({ type: "forget" });
      }
    });
  });

  // --- queueing an action -------------------------------------------------------------------
  function formBody(form) {
    var data = {};
    new FormData(form).forEach(function (value, name) {
      if (name !== "csrfmiddlewaretoken") data[name] = value;
    });
    if (!data.key) data.key = uuid();
    if (!data.at) data.at = new Date().toISOString();
    return data;
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("form[data-offline]")) return;
    event.preventDefault();
    var button = form.querySelector("button[type=submit], button:not([type])");
    if (button) button.disabled = true;
    var data = formBody(form);
    var items = load();
    if (!items.some(function (i) { return i.key === data.key; })) {
      items.push({
        key: data.key, url: form.action, body: data, user: user,
        id: form.getAttribute("data-offline-id") || data.key,
        label: form.getAttribute("data-offline-label") || "",
        visit: (form.action.match(/\/besok\/([0-9a-f-]{36})\//) || [])[1] || "",
        queued: new Date().toISOString()
      });
      save(items);
    }
    show();
    flush(true);
  });

  // --- sending --------------------------------------------------------------------------------
  function send(item) {
    return fetch(item.url, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": csrf() },
      body: JSON.stringify(item.body)
    }).then(function (response) {
      var type = response.headers.get("Content-Type") || "";
      if (response.redirected || type.indexOf("application/json") < 0) {
        return { keep: true, login: true };  // logged out (the login page) or a proxy's page
      }
      if (response.status >= 500) return { keep: true };
      return response.json().then(function (json) {
        return response.ok ? { done: true, next: json.next } : { errors: json.errors || {}, status: response.status };
      });
    }, function () { return { keep: true, offline: true }; });
  }

  function flush(afterSubmit) {
    if (sending) return;
    var waiting = mine(load()).filter(function (i) { return !i.errors; });
    if (!waiting.length) { show(); return; }
    sending = true;
    var sent = 0;
    var go = null;
    var next = function (index) {
      if (index >= waiting.length) return Promise.resolve(null);
      var item = waiting[index];
      return send(item).then(function (result) {
        if (result.keep) return result;
        var items = load();
        var at = items.findIndex(function (i) { return i.key === item.key; });
        if (at >= 0) {
          if (result.done) { items.splice(at, 1); sent += 1; go = result.next || go; }
          else { items[at].errors = result.errors; items[at].status = result.status; }
          save(items);
        }
        return next(index + 1);
      });
    };
    next(0).then(function (stopped) {
      sending = false;
      show(stopped);
      // The server's page now shows what was applied; a cached copy would not.
      if (sent && go) window.location.assign(go);
      else if (sent && (afterSubmit || navigator.onLine)) window.location.reload();
    });
  }

  // --- what the caregiver sees --------------------------------------------------------------
  function show(stopped) {
    var items = mine(load());
    var waiting = items.filter(function (i) { return !i.errors; });
    var failed = items.filter(function (i) { return i.errors; });
    var bar = document.getElementById("sync-status");
    if (bar) {
      bar.hidden = !waiting.length && !failed.length;
      bar.className = "alert " + (failed.length ? "error" : "warning");
      var text = "";
      if (waiting.length) text = (stopped && stopped.login ? T.login : T.waiting).replace("%(n)s", waiting.length);
      bar.querySelector("[data-text]").textContent = text;
      var list = bar.querySelector("ul");
      list.innerHTML = "";
      failed.forEach(function (item) {
        var li = document.createElement("li");
        var messages = [];
        Object.keys(item.errors).forEach(function (field) {
          (item.errors[field] || []).forEach(function (e) { messages.push(e.message); });
        });
        li.textContent = T.refused.replace("%(label)s", item.label || item.id) + " " + messages.join(" ");
        var dismiss = document.createElement("button");
        dismiss.type = "button"; dismiss.className = "link"; dismiss.textContent = T.dismiss;
        dismiss.addEventListener("click", function () {
          save(load().filter(function (i) { return i.key !== item.key; })); show();
        });
        li.appendChild(document.createTextNode(" ")); li.appendChild(dismiss);
        list.appendChild(li);
      });
    }
    // A cached page shows what is waiting as if done, so the next step can be taken offline.
    var pending = {};
    waiting.forEach(function (i) { pending[i.id] = true; });
    document.querySelectorAll("[data-offline-after]").forEach(function (el) {
      if (pending[el.getAttribute("data-offline-after")]) el.hidden = false;
    });
    document.querySelectorAll("[data-offline-until]").forEach(function (el) {
      if (pending[el.getAttribute("data-offline-until")]) el.hidden = true;
    });
    document.querySelectorAll("form[data-offline]").forEach(function (form) {
      var id = form.getAttribute("data-offline-id");
      if (!id || !pending[id]) return;
      form.hidden = true;
      var folded = form.closest("details");  // its "not done" / "not given" summary goes too
      if (folded) folded.hidden = true;
      // One note per action: the section's own wording when it has one, else the generic.
      var own = document.querySelector('.md-queued[data-offline-after="' + id + '"]');
      if (own || document.querySelector('[data-queued="' + id + '"]')) return;
      var note = document.createElement("p");
      note.setAttribute("data-queued", id);
      note.className = "md-queued";
      note.textContent = T.queued;
      var anchor = folded || form;
      anchor.parentNode.insertBefore(note, anchor.nextSibling);
    });
    document.querySelectorAll("[data-visit-state]").forEach(function (el) {
      var visit = el.getAttribute("data-visit-state");
      el.hidden = !waiting.some(function (i) { return i.visit === visit; });
    });
  }

  window.addEventListener("online", function () { flush(false); });
  window.addEventListener("storage", function (event) { if (event.key === STORE) show(); });
  setInterval(function () { if (navigator.onLine) flush(false); }, 20000);
  show();
  if (navigator.onLine) flush(false);
})();
