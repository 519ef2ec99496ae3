// Min dag: a check-in or check-out sends the phone's position only when the caregiver ticks
// "share my position" (consent); without it, or when the phone refuses, nothing is sent.
document.querySelectorAll("form.md-check-form").forEach(function (form) {
  var box = form.querySelector("[data-geo]");
  if (!box) return;
  if (!("geolocation" in navigator)) { box.closest("label").hidden = true; return; }
  box.addEventListener("change", function () {
    form.elements.lat.value = ""; form.elements.lon.value = "";
    if (!box.checked) return;
    navigator.geolocation.getCurrentPosition(function (pos) {
      form.elements.lat.value = pos.coords.latitude.toFixed(6);
      form.elements.lon.value = pos.coords.longitude.toFixed(6);
    }, function () { box.checked = false; }, { enableHighAccuracy: true, timeout: 10000 });
  });
});
