// The Jupyter widget of `kg.view(g)` (anywidget): the same page `kg view` writes, in an iframe (its own document,
// so that two views in one notebook do not share ids or styles). The page is the widget's `html` trait.
function render({ model, el }) {
  const frame = document.createElement("iframe");
  frame.className = "kg-view";
  frame.title = "ceasefire-kg: interactive view of the graph";
  frame.style.width = "100%";
  frame.style.border = "1px solid #ddd";
  frame.style.boxSizing = "border-box";
  const show = () => {
    frame.style.height = `${model.get("height")}px`;
    frame.srcdoc = model.get("html");
  };
  show();
  model.on("change:html", show);
  model.on("change:height", show);
  el.append(frame);
}
export default { render };
