// Placeholder task pane: replaced by the comparison-sheet builder.
Office.onReady(() => {
  const root = document.getElementById("app");
  if (root) {
    const heading = document.createElement("h1");
    heading.textContent = "AI Pricing Workbench";
    root.replaceChildren(heading);
  }
});
