// Click a fact (event, relation, claim) to highlight its evidence: the text is already cut into
// segments at every evidence boundary, so highlighting is a class on the segments in the span.
(function () {
  "use strict";
  var segments = Array.prototype.slice.call(document.querySelectorAll("#article-text .seg"));
  function highlight(start, end) {
    var first = null;
    segments.forEach(function (seg) {
      var s = Number(seg.dataset.s), e = Number(seg.dataset.e);
      var inside = s >= start && e <= end && e > s;
      seg.classList.toggle("hl", inside);
      if (inside && !first) { first = seg; }
    });
    if (first) { first.scrollIntoView({ block: "center", behavior: "smooth" }); }
    if (history.replaceState) {
      var url = new URL(window.location.href);
      url.searchParams.set("hl", start + "-" + end);
      url.hash = "";
      history.replaceState(null, "", url.toString());
    }
  }
  document.querySelectorAll("button.fact").forEach(function (button) {
    button.addEventListener("click", function () {
      document.querySelectorAll("button.fact.active").forEach(function (b) { b.classList.remove("active"); });
      button.classList.add("active");
      highlight(Number(button.dataset.start), Number(button.dataset.end));
    });
  });
  var marked = document.getElementById("hl");
  if (marked) { marked.scrollIntoView({ block: "center" }); }
})();
