// Reloads the Stoflow page while an import runs, so its progress moves.
(() => {
  var el = document.querySelector("[data-stoflow-reload]");
  if (el)
    setTimeout(
      () => {
        window.location.reload();
      },
      1000 * Number(el.getAttribute("data-stoflow-reload")),
    );
})();
