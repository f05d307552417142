// Draw a rectangle on the page image; the area form's page coordinates (PDF points from the
// top-left corner) are filled in. The form works without this script (type the numbers).
(function () {
  "use strict";
  function ready() {
    var img = document.getElementById("page-image");
    var form = document.getElementById("area-form");
    if (!img || !form) { return; }
    var figure = img.parentNode;
    var box = null;
    var start = null;
    function point(event) {
      var rect = img.getBoundingClientRect();
      var x = Math.min(Math.max(event.clientX - rect.left, 0), rect.width);
      var y = Math.min(Math.max(event.clientY - rect.top, 0), rect.height);
      return { x: x, y: y, scale: parseFloat(img.dataset.width) / rect.width };
    }
    function set(name, value) {
      var input = form.querySelector("[name=" + name + "]");
      if (input) { input.value = value.toFixed(1); }
    }
    img.addEventListener("mousedown", function (event) {
      event.preventDefault();
      start = point(event);
      if (!box) {
        box = document.createElement("div");
        box.className = "drawing";
        figure.appendChild(box);
      }
      box.style.left = img.offsetLeft + start.x + "px";
      box.style.top = img.offsetTop + start.y + "px";
      box.style.width = "0px";
      box.style.height = "0px";
    });
    document.addEventListener("mousemove", function (event) {
      if (!start) { return; }
      var now = point(event);
      box.style.left = img.offsetLeft + Math.min(start.x, now.x) + "px";
      box.style.top = img.offsetTop + Math.min(start.y, now.y) + "px";
      box.style.width = Math.abs(now.x - start.x) + "px";
      box.style.height = Math.abs(now.y - start.y) + "px";
    });
    document.addEventListener("mouseup", function (event) {
      if (!start) { return; }
      var now = point(event);
      var s = now.scale;
      set("x0", Math.min(start.x, now.x) * s);
      set("y0", Math.min(start.y, now.y) * s);
      set("x1", Math.max(start.x, now.x) * s);
      set("y1", Math.max(start.y, now.y) * s);
      start = null;
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
