// The case form's request field: as the user types a 受理编号 or an applicant's name, the
// agency's matching requests are offered in the field's <datalist> (at most ten).
(function () {
  "use strict";
  var input = document.querySelector("input[data-search]");
  if (!input) return;
  var list = document.getElementById(input.getAttribute("list"));
  var timer = null;
  var last = "";
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var q = input.value.trim();
      if (q.length < 2 || q === last) return;
      last = q;
      fetch(input.dataset.search + "&q=" + encodeURIComponent(q), { credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) {
          list.replaceChildren();
          data.results.forEach(function (item) {
            var option = document.createElement("option");
            option.value = item.value;
            option.label = item.label;
            list.appendChild(option);
          });
        });
    }, 200);
  });
})();
