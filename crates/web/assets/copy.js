// Copy buttons: a button with data-copy="ID" copies the value of the field
// with that id and says so in the status line beside it. Without script the
// button stays hidden and the field can be selected and copied by hand.
document.querySelectorAll('button[data-copy]').forEach((button) => {
  const field = document.getElementById(button.dataset.copy);
  if (!field || !navigator.clipboard) return;
  const status = button.closest('.copy-field')?.querySelector('[role="status"]');
  button.hidden = false;
  button.addEventListener('click', async () => {
    field.select();
    try {
      await navigator.clipboard.writeText(field.value);
      if (status) status.textContent = button.dataset.copied;
    } catch {
      // Some browsers refuse the clipboard; the text stays selected for Ctrl+C.
    }
  });
});
