// iamconsole — s3.js: uploads with progress on the S3 object browser. The
// upload form works without this file (one multipart POST); with it, each
// file goes in its own request, streamed to S3, with a progress bar.
//
//   form[data-s3-upload]      the upload form; its action carries the CSRF
//                             token, its prefix field the folder
//   [data-upload-progress]    a list that gets one item per file
(function () {
  "use strict";

  var form = document.querySelector("form[data-s3-upload]");
  if (!form || !window.FormData || !window.XMLHttpRequest) return;
  var list = form.querySelector("[data-upload-progress]");
  var meta = document.querySelector('meta[name="csrf-token"]');
  var token = meta ? meta.getAttribute("content") : "";

  function item(name) {
    var li = document.createElement("li");
    li.setAttribute("data-testid", "upload-item");
    var label = document.createElement("span");
    label.textContent = name;
    var bar = document.createElement("progress");
    bar.max = 100;
    bar.value = 0;
    var state = document.createElement("span");
    state.className = "muted";
    state.setAttribute("data-testid", "upload-state");
    li.appendChild(label);
    li.appendChild(bar);
    li.appendChild(state);
    if (list) list.appendChild(li);
    return { bar: bar, state: state };
  }

  function send(file, prefix, ui) {
    return new Promise(function (resolve) {
      var data = new FormData();
      data.append("prefix", prefix);
      data.append("file", file, file.name);
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.action);
      xhr.setRequestHeader("Accept", "application/json");
      xhr.setRequestHeader("X-CSRF-Token", token);
      xhr.upload.onprogress = function (ev) {
        if (ev.lengthComputable) ui.bar.value = Math.round((100 * ev.loaded) / ev.total);
      };
      xhr.onload = function () {
        var ok = xhr.status >= 200 && xhr.status < 300;
        ui.bar.value = ok ? 100 : ui.bar.value;
        var msg = "";
        try { msg = JSON.parse(xhr.responseText).message || ""; } catch (e) { msg = ""; }
        ui.state.textContent = ok ? "Succeeded" : "Failed" + (msg ? ": " + msg : "");
        resolve(ok);
      };
      xhr.onerror = function () {
        ui.state.textContent = "Failed: the connection broke off";
        resolve(false);
      };
      xhr.send(data);
    });
  }

  form.addEventListener("submit", function (ev) {
    var input = form.querySelector('input[type="file"]');
    if (!input || !input.files.length) return;
    ev.preventDefault();
    var prefix = form.querySelector('input[name="prefix"]').value;
    var files = Array.prototype.slice.call(input.files);
    var button = form.querySelector('button[type="submit"]');
    if (button) button.disabled = true;
    var all = true;
    files.reduce(function (chain, file) {
      return chain.then(function () {
        return send(file, prefix, item(file.name)).then(function (ok) { all = all && ok; });
      });
    }, Promise.resolve()).then(function () {
      if (button) button.disabled = false;
      if (all) window.location.reload();
    });
  });
})();
