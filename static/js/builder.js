// The program builder. Drag an exercise by its handle to reorder its day: the day's
// reorder form posts the new order and htmx swaps the day. Without JavaScript the
// handles stay hidden and the Up / Down buttons do the same as plain form posts.
(() => {
  const lists = (root) => {
    const found = [...root.querySelectorAll("[data-sortable]")];
    if (root.matches && root.matches("[data-sortable]")) found.push(root);
    return found;
  };

  htmx.onLoad((root) => {
    lists(root).forEach((list) => {
      const form = document.getElementById(list.dataset.sortable);
      list.querySelectorAll("[data-drag-handle]").forEach((handle) => {
        handle.classList.remove("d-none");
      });
      Sortable.create(list, {
        handle: "[data-drag-handle]",
        draggable: "[data-exercise]",
        animation: 150,
        ghostClass: "exercise-dragged",
        onEnd: (event) => {
          if (event.oldIndex !== event.newIndex) htmx.trigger(form, "reorder");
        },
      });
    });
  });

  // After a swap the keyboard stays where it was: htmx refocuses the button with
  // the same id; where that button is now disabled (Up on the first exercise),
  // its partner takes the focus.
  let fallback = null;
  document.addEventListener("htmx:beforeRequest", () => {
    const active = document.activeElement;
    fallback = active && active.dataset ? active.dataset.focusFallback : null;
  });
  document.addEventListener("htmx:afterSettle", () => {
    const active = document.activeElement;
    if (fallback && (!active || active === document.body)) {
      const partner = document.getElementById(fallback);
      if (partner) partner.focus();
    }
    fallback = null;
  });
})();
