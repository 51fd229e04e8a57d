/* Chat room enhancement: live messages over Socket.IO (WebSocket, long-polling fallback).
   Without this script (or Socket.IO) the room page works as a plain form. Protocol: docs/chat.md. */
(function () {
  "use strict";
  var box = document.getElementById("chat");
  if (!box || typeof io !== "function" || box.getAttribute("data-live") !== "1") return;
  var d = box.dataset, room = d.room, me = Number(d.me), last = Number(d.last) || 0;
  var list = document.getElementById("messages"), form = document.getElementById("chat-form");
  var status = document.getElementById("chat-status"), text = form.querySelector("textarea");
  var shown = {}, pending = {}, typers = {}, present = {}, typingSent = 0, readTimer = null;
  Array.prototype.forEach.call(list.querySelectorAll("[data-id]"), function (li) {
    shown[li.getAttribute("data-id")] = li;
  });
  // WebSocket first (one request); long-polling when a network blocks WebSockets.
  var socket = io({
    reconnectionDelayMax: 10000,
    transports: ["websocket", "polling"],
    tryAllTransports: true
  });

  function el(tag, cls, content) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (content) node.textContent = content;
    return node;
  }
  function say(message) { status.textContent = message || ""; }
  function refreshStatus() {
    var names = Object.keys(typers).map(function (id) { return typers[id].name; });
    var people = Object.keys(present).map(function (id) { return present[id]; }).filter(Boolean);
    say((names.length ? d.typing.replace("{name}", names.join(", ")) + " " : "") +
        (people.length ? d.present + " " + people.join(", ") : ""));
  }
  function render(m, li) {
    li = li || el("li");
    li.className = "chat-message" + (m.author.id === me ? " mine" : "") + (m.deleted ? " deleted" : "");
    li.setAttribute("data-id", m.id);
    li.textContent = "";
    var meta = el("p", "chat-meta"), who = el("strong"), when = el("time");
    who.appendChild(el("bdi", "", m.author.name || "?"));
    when.setAttribute("datetime", m.created_at);
    when.textContent = new Date(m.created_at).toLocaleString(document.documentElement.lang,
      { dateStyle: "short", timeStyle: "short" });
    meta.appendChild(who); meta.appendChild(document.createTextNode(" "));
    meta.appendChild(el("small")).appendChild(when);
    li.appendChild(meta);
    var body = el("p", "message-body");
    if (m.deleted) body.appendChild(el("em", "", d.deleted)); else body.textContent = m.body;
    li.appendChild(body);
    if (m.id && m.author.id === me && !m.deleted) {
      var button = el("button", "link", d["delete"]);
      button.type = "button";
      button.setAttribute("data-delete", m.id);
      li.appendChild(button);
    }
    return li;
  }
  function add(m) {
    if (m.room !== room) return;
    var key = String(m.id), nearEnd = window.innerHeight + window.scrollY >= document.body.offsetHeight - 80;
    if (shown[key]) { render(m, shown[key]); return; }
    var empty = document.getElementById("empty");
    if (empty) empty.remove();
    shown[key] = list.appendChild(render(m));
    if (m.id > last) { last = m.id; markRead(); }
    if (typers[m.author.id]) { delete typers[m.author.id]; refreshStatus(); }
    if (nearEnd) shown[key].scrollIntoView({ block: "end" });
  }
  function markRead() {
    clearTimeout(readTimer);
    readTimer = setTimeout(function () { socket.emit("read", { room: room, id: last }); }, 1000);
  }
  function send(item) {
    socket.timeout(10000).emit("message", { room: room, body: item.body, client_id: item.id },
      function (err, answer) {
        if (err) return; // no answer in time: sent again on the next connection
        var mine = pending[item.id];
        delete pending[item.id];
        if (mine) mine.li.remove();
        if (answer.ok) { add(answer.message); return; }
        if (!text.value) text.value = item.body;
        say(d.error + " " + answer.error);
      });
  }

  socket.on("connect", function () {
    socket.emit("join", { room: room, after: last }, function (answer) {
      if (!answer.ok) { say(answer.error); return; }
      box.setAttribute("data-connected", "1");
      present = {};
      answer.present.forEach(function (p) { if (p.id !== me) present[p.id] = p.name; });
      answer.messages.forEach(add);
      refreshStatus();
      Object.keys(pending).forEach(function (id) { send(pending[id]); });
    });
  });
  socket.on("disconnect", function () { box.removeAttribute("data-connected"); say(d.offline); });
  socket.on("message", add);
  socket.on("deleted", function (e) {
    var li = shown[String(e.id)];
    if (e.room === room && li) {
      li.className += " deleted";
      Array.prototype.forEach.call(li.querySelectorAll("form, button"), function (n) { n.remove(); });
      var body = li.querySelector(".message-body");
      body.textContent = "";
      body.appendChild(el("em", "", d.deleted));
    }
  });
  socket.on("typing", function (e) {
    if (e.room !== room || e.user.id === me) return;
    clearTimeout((typers[e.user.id] || {}).timer);
    typers[e.user.id] = { name: e.user.name, timer: setTimeout(function () {
      delete typers[e.user.id]; refreshStatus();
    }, 4000) };
    refreshStatus();
  });
  socket.on("presence", function (e) {
    if (e.room !== room || e.user.id === me) return;
    if (e.state === "in") present[e.user.id] = e.user.name; else delete present[e.user.id];
    refreshStatus();
  });

  form.addEventListener("submit", function (event) {
    var body = text.value.trim();
    if (!body || !socket.connected) return; // the page's own form says what is wrong
    event.preventDefault();
    var id = Date.now().toString(36) + Math.random().toString(36).slice(2);
    var li = list.appendChild(render({ id: "", author: { id: me, name: "…" }, body: body,
      created_at: new Date().toISOString(), room: room }));
    li.className += " pending";
    pending[id] = { id: id, body: body, li: li };
    text.value = "";
    send(pending[id]);
  });
  text.addEventListener("input", function () {
    if (Date.now() - typingSent > 3000 && socket.connected) {
      typingSent = Date.now();
      socket.emit("typing", { room: room });
    }
  });
  list.addEventListener("click", function (event) {
    var id = event.target.closest && event.target.closest("[data-delete]");
    if (!id || !socket.connected) return;
    event.preventDefault();
    socket.emit("delete", { id: Number(id.getAttribute("data-delete")) }, function (answer) {
      if (!answer.ok) say(answer.error);
    });
  });
})();
