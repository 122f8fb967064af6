// Copy buttons for draft messages; everything else works without JavaScript.
document.addEventListener("click", async (event) => {
  const button = event.target.closest("[data-copy]");
  if (!button) return;
  const field = document.getElementById(button.dataset.copy);
  try {
    await navigator.clipboard.writeText(field.value);
  } catch {
    field.select();
    document.execCommand("copy");
  }
  const label = button.textContent;
  button.textContent = "Copied";
  setTimeout(() => { button.textContent = label; }, 1500);
});

// A send link opens the app with the draft; coming back, "Done" already has the channel it went by.
document.addEventListener("click", (event) => {
  const link = event.target.closest("a[data-channel]");
  if (!link) return;
  const select = document.getElementById("channel" + link.dataset.rank);
  if (select) select.value = link.dataset.channel;
});

// An mbox is sent as the file itself, streamed with a progress bar, whatever its size; without this script the form
// uploads it (up to 20 MB). The form's token goes in a header, since the body is the file.
document.addEventListener("submit", (event) => {
  const form = event.target.closest("form[data-stream-upload]");
  const file = form && form.querySelector("input[type=file]").files[0];
  if (!file || !window.XMLHttpRequest) return;
  event.preventDefault();
  const params = new URLSearchParams();
  const me = form.elements.me.value.trim();
  if (me) params.set("me", me);
  if (form.elements.dry_run.checked) params.set("dry_run", "1");
  const bar = form.querySelector("progress");
  const status = form.querySelector("[data-upload-status]");
  const button = form.querySelector("button[type=submit]");
  const xhr = new XMLHttpRequest();
  xhr.open("POST", form.action + (params.size ? "?" + params : ""));
  xhr.setRequestHeader("Content-Type", "application/mbox");
  xhr.setRequestHeader("X-CSRF-Token", form.elements._csrf.value);
  xhr.upload.addEventListener("progress", (e) => {
    if (!e.lengthComputable) return;
    bar.value = Math.round((e.loaded / e.total) * 100);
    status.textContent = bar.value < 100 ? `Sending ${bar.value}%…` : "Reading the last messages…";
  });
  xhr.addEventListener("load", () => {
    let next = null;
    try { next = JSON.parse(xhr.responseText).location; } catch {}
    if (next) {
      const url = new URL(next, window.location.href);
      // Back to this page (a dry run, a refusal): only its fragment differs, which would not load it again.
      if (url.pathname === window.location.pathname && url.search === window.location.search) {
        window.location.hash = url.hash;
        window.location.reload();
      } else {
        window.location.assign(url);
      }
      return;
    }
    status.textContent = xhr.status === 413 || xhr.status >= 400 ? "Tend refused the file; reload the page and try again." : "";
    button.disabled = false;
  });
  xhr.addEventListener("error", () => {
    status.textContent = "The upload failed (the connection dropped). What arrived is kept; import the file again for the rest.";
    button.disabled = false;
  });
  bar.hidden = false;
  button.disabled = true;
  status.textContent = "Sending…";
  xhr.send(file);
});
