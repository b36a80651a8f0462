// roadlog serve: keeps a page live and makes its edits. The page follows
// changes on disk through a server-sent event stream and morphs itself
// into the new version (Idiomorph) without a reload; the board's cards
// and the backlog's rows are dragged (SortableJS) or moved with the
// keyboard; forms post in place and show what the server refused next to
// the field. Every edit carries the page's token and the version of the
// record it was made from, and the server refuses it when the record
// changed meanwhile. Without this script the forms still post, and the
// pages still read.
(function () {
  "use strict";

  function meta(name) {
    var m = document.querySelector('meta[name="' + name + '"]');
    return m ? m.getAttribute("content") : "";
  }

  var token = meta("roadlog-token");
  var busy = 0; // edits in flight: a refresh waits for them

  // post sends a form's fields and returns the server's JSON answer.
  function post(action, data) {
    busy++;
    return fetch(action, {
      method: "POST",
      headers: { "X-Roadlog-Token": token, "Accept": "application/json" },
      body: data,
      credentials: "same-origin"
    }).then(function (res) {
      return res.json().catch(function () {
        return { ok: false, message: "the server answered " + res.status };
      });
    }, function () {
      return { ok: false, message: "roadlog serve cannot be reached; is it still running?" };
    }).then(function (answer) {
      busy--;
      return answer;
    });
  }

  function fields(obj) {
    var data = new URLSearchParams();
    Object.keys(obj).forEach(function (k) { data.append(k, obj[k]); });
    return data;
  }

  // status says something to the reader, in the live region of the page.
  var region;
  function status(text, bad) {
    if (!region) {
      region = document.createElement("p");
      region.className = "live-status";
      region.setAttribute("role", "status");
      region.setAttribute("aria-live", "polite");
      document.body.appendChild(region);
    }
    region.textContent = text;
    region.classList.toggle("bad", !!bad);
  }

  function describe(answer) {
    var text = answer.message || "";
    (answer.findings || []).forEach(function (f) {
      text += "\n" + (f.field ? f.field + ": " : "") + f.message;
    });
    return text;
  }

  // refresh fetches this page and morphs it into the new version.
  var refreshing = null;
  function refresh() {
    if (refreshing) return refreshing;
    refreshing = fetch(location.pathname, { headers: { "Accept": "text/html" }, credentials: "same-origin", cache: "no-store" })
      .then(function (res) {
        if (res.status === 404) { location.reload(); return null; }
        return res.text();
      })
      .then(function (html) {
        refreshing = null;
        if (html === null) return;
        var doc = new DOMParser().parseFromString(html, "text/html");
        var next = doc.getElementById("main"), main = document.getElementById("main");
        if (!next || !main) return;
        window.Idiomorph.morph(main, next, {
          morphStyle: "outerHTML", ignoreActiveValue: true,
          // A form the user is changing keeps what they typed and the
          // version they started from: saving it then is refused as stale,
          // with the record as it is now, rather than written over it.
          callbacks: { beforeNodeMorphed: function (old) { return !(old.roadlogDirty); } }
        });
        document.title = doc.title;
        var etag = doc.querySelector('meta[name="roadlog-etag"]');
        var mine = document.querySelector('meta[name="roadlog-etag"]');
        if (etag && mine) mine.setAttribute("content", etag.getAttribute("content"));
        wire();
      }, function () { refreshing = null; });
    return refreshing;
  }

  function listen() {
    // A page without its version (one saved from the server) has nothing
    // to compare a change with: it does not follow changes.
    if (!window.EventSource || !meta("roadlog-etag")) return;
    var url = "/_events?path=" + encodeURIComponent(location.pathname) + "&etag=" + encodeURIComponent(meta("roadlog-etag"));
    var es = new EventSource(url);
    es.addEventListener("changed", function () {
      if (busy === 0) refresh();
    });
  }

  // --- the board ---

  function moveCard(card, statusName) {
    var data = fields({ record: card.getAttribute("data-id"), version: card.getAttribute("data-version"), status: statusName });
    card.classList.add("saving");
    return post("/_edit/move", data).then(function (answer) {
      card.classList.remove("saving");
      if (answer.ok) {
        status(answer.message);
      } else {
        var note = document.createElement("p");
        note.className = "live-error";
        note.setAttribute("role", "alert");
        note.textContent = describe(answer);
        card.appendChild(note);
        status(describe(answer), true);
      }
      return refresh().then(function () {
        if (!answer.ok) {
          var again = document.querySelector('li.card[data-id="' + CSS.escape(card.getAttribute("data-id")) + '"]');
          if (again && !again.querySelector(".live-error")) {
            var n = document.createElement("p");
            n.className = "live-error";
            n.setAttribute("role", "alert");
            n.textContent = describe(answer);
            again.appendChild(n);
          }
        }
      });
    });
  }

  var dialog;
  function moveDialog(card) {
    if (!dialog) {
      dialog = document.createElement("dialog");
      dialog.className = "live-dialog";
      dialog.setAttribute("aria-labelledby", "live-dialog-title");
      dialog.innerHTML = '<form method="dialog"><h2 id="live-dialog-title"></h2>' +
        '<label for="live-dialog-status">Status</label> <select id="live-dialog-status"></select> ' +
        '<button value="move">Move</button> <button value="cancel" formnovalidate>Cancel</button></form>';
      document.body.appendChild(dialog);
    }
    var select = dialog.querySelector("select");
    select.textContent = "";
    var current = card.closest("ul.cards").getAttribute("data-status");
    document.querySelectorAll("ul.cards[data-status]").forEach(function (ul) {
      var o = document.createElement("option");
      o.value = o.textContent = ul.getAttribute("data-status");
      o.selected = o.value === current;
      select.appendChild(o);
    });
    dialog.querySelector("h2").textContent = "Move " + card.getAttribute("data-id");
    var id = card.getAttribute("data-id");
    dialog.onclose = function () {
      if (dialog.returnValue === "move" && select.value !== current) {
        // The page may have refreshed while the dialog was open: move the
        // card as the page shows it now, with its version now.
        var now = document.querySelector('li.card[data-id="' + CSS.escape(id) + '"]') || card;
        moveCard(now, select.value).then(function () {
          var button = document.querySelector('li.card[data-id="' + CSS.escape(id) + '"] .live-move');
          if (button) button.focus();
        });
      }
    };
    dialog.returnValue = "";
    dialog.showModal();
  }

  // --- the backlog ---

  function visibleSibling(row, dir) {
    var r = dir < 0 ? row.previousElementSibling : row.nextElementSibling;
    while (r && r.hidden) r = dir < 0 ? r.previousElementSibling : r.nextElementSibling;
    return r;
  }

  function inRankOrder(table) {
    var th = table.querySelector("thead th");
    return th && th.getAttribute("aria-sort") === "ascending";
  }

  function rankRow(row) {
    var prev = visibleSibling(row, -1), next = visibleSibling(row, 1);
    var place = prev ? { after: prev.getAttribute("data-id") } : next ? { before: next.getAttribute("data-id") } : null;
    if (!place) return Promise.resolve();
    place.record = row.getAttribute("data-id");
    place.version = row.getAttribute("data-version");
    return post("/_edit/rank", fields(place)).then(function (answer) {
      status(answer.ok ? answer.message : describe(answer), !answer.ok);
      return refresh();
    });
  }

  // --- forms ---

  function clearErrors(form) {
    form.querySelectorAll(".live-error").forEach(function (e) { e.remove(); });
  }

  function showErrors(form, answer) {
    var general = [];
    (answer.findings || []).forEach(function (f) {
      var box = f.field && form.querySelector('.live-field[data-field="' + CSS.escape(f.field) + '"]');
      if (box) {
        var p = document.createElement("p");
        p.className = "live-error";
        p.id = "err-" + f.field;
        p.textContent = f.message;
        box.appendChild(p);
        var input = box.querySelector("input:not([type=hidden]), select, textarea");
        if (input) {
          input.setAttribute("aria-describedby", p.id);
          input.setAttribute("aria-invalid", "true");
        }
      } else {
        general.push(f.message + " (" + f.where + ")");
      }
    });
    var p = document.createElement("p");
    p.className = "live-error";
    p.setAttribute("role", "alert");
    p.textContent = answer.message + (general.length ? "\n" + general.join("\n") : "");
    if (answer.stale && answer.current) {
      p.textContent += "\nIt is now: " + JSON.stringify(answer.current.fields);
    }
    form.insertBefore(p, form.firstChild);
  }

  function submitForm(form) {
    clearErrors(form);
    form.roadlogDirty = false;
    var data = new URLSearchParams(new FormData(form));
    return post(form.getAttribute("action"), data).then(function (answer) {
      if (answer.ok) {
        status(answer.message);
        if (form.classList.contains("live-new") && answer.url) {
          location.assign(answer.url);
          return;
        }
        return refresh();
      }
      form.roadlogDirty = true; // keep what the user typed, and the findings, through refreshes
      showErrors(form, answer);
      status(describe(answer), true);
    });
  }

  function preview(form) {
    var out = form.querySelector(".live-preview-out");
    var data = fields({ record: form.getAttribute("data-id"), body: form.querySelector("textarea").value });
    fetch(form.getAttribute("data-preview"), {
      method: "POST", headers: { "X-Roadlog-Token": token }, body: data, credentials: "same-origin"
    }).then(function (res) {
      return res.text().then(function (text) {
        if (res.ok) {
          out.innerHTML = text; // rendered by the server as the page's own Markdown
          return;
        }
        // A refusal (JSON) or an error (text) is said, never shown as markup.
        var why = text.trim();
        try { why = JSON.parse(text).message || why; } catch (e) { /* plain text */ }
        out.textContent = "No preview: " + why;
      });
    }, function () {
      out.textContent = "No preview: roadlog serve cannot be reached; is it still running?";
    });
  }

  // wire attaches the behaviour to what the page shows now (again after a
  // morph: new cards and rows appear).
  function wire() {
    document.querySelectorAll(".live-preview").forEach(function (b) { b.hidden = false; });
    document.querySelectorAll("ul.cards[data-status]").forEach(function (ul) {
      if (ul.roadlogSortable || !window.Sortable) return;
      ul.roadlogSortable = window.Sortable.create(ul, {
        group: "board", draggable: "li.card", filter: ".live-move", preventOnFilter: false, animation: 120, forceFallback: true,
        onEnd: function (ev) {
          if (ev.from === ev.to) return;
          moveCard(ev.item, ev.to.getAttribute("data-status"));
        }
      });
    });
    document.querySelectorAll("tbody[data-rank]").forEach(function (body) {
      if (body.roadlogSortable || !window.Sortable) return;
      body.roadlogSortable = window.Sortable.create(body, {
        handle: ".live-handle", draggable: "tr", animation: 120, forceFallback: true,
        onStart: function () {
          if (!inRankOrder(body.closest("table"))) status("Sort by # (rank) first: a row is ranked among the rows above and below it.", true);
        },
        onEnd: function (ev) {
          if (ev.oldIndex === ev.newIndex) return;
          if (!inRankOrder(body.closest("table"))) { refresh(); return; }
          rankRow(ev.item);
        }
      });
    });
  }

  document.addEventListener("click", function (ev) {
    var b = ev.target.closest && ev.target.closest(".live-move");
    if (b) moveDialog(b.closest("li.card"));
    var p = ev.target.closest && ev.target.closest(".live-preview");
    if (p) preview(p.closest("form"));
  });

  document.addEventListener("keydown", function (ev) {
    var h = ev.target.closest && ev.target.closest(".live-handle");
    if (!h || (ev.key !== "ArrowUp" && ev.key !== "ArrowDown")) return;
    ev.preventDefault();
    var row = h.closest("tr"), table = row.closest("table");
    if (!inRankOrder(table)) { status("Sort by # (rank) first.", true); return; }
    var other = visibleSibling(row, ev.key === "ArrowUp" ? -1 : 1);
    if (!other) return;
    if (ev.key === "ArrowUp") other.before(row); else other.after(row);
    var id = row.getAttribute("data-id");
    rankRow(row).then(function () {
      var again = document.querySelector('tr[data-id="' + CSS.escape(id) + '"] .live-handle');
      if (again) again.focus();
    });
  });

  document.addEventListener("submit", function (ev) {
    var form = ev.target;
    if (!form.matches || !form.matches("form.live-form, form.live-criteria, form.live-body, form.live-new")) return;
    ev.preventDefault();
    submitForm(form);
  });

  document.addEventListener("input", function (ev) {
    var form = ev.target.closest && ev.target.closest("form.live-form, form.live-body");
    if (form) form.roadlogDirty = true;
  });

  document.addEventListener("change", function (ev) {
    var box = ev.target;
    if (box.matches && box.matches("form.live-criteria input[type=checkbox]")) submitForm(box.closest("form"));
  });

  wire();
  listen();
})();
