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
