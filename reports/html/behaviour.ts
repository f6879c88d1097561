/**
 * The report's only script, inlined: status filters, expand/collapse all, and opening the section a link points into.
 * Sections are `<details>`, so the report stays usable with scripts off.
 */
export const BEHAVIOUR_JS = `(function () {
  'use strict';
  var sections = Array.prototype.slice.call(document.querySelectorAll('details.scenario'));
  function setOpen(open) {
    sections.forEach(function (s) { if (!s.hidden) s.open = open; });
  }
  function filter(status) {
    document.body.setAttribute('data-filter', status);
    sections.forEach(function (s) { s.hidden = status !== 'all' && s.getAttribute('data-status') !== status; });
    Array.prototype.forEach.call(document.querySelectorAll('[data-filter-button]'), function (b) {
      b.setAttribute('aria-pressed', String(b.getAttribute('data-filter-button') === status));
    });
  }
  function openTarget() {
    var id = decodeURIComponent(location.hash.slice(1));
    var target = id && document.getElementById(id);
    // A link may point at a scenario or at a row inside one: open the scenario that holds it.
    var section = target && target.closest('details.scenario');
    if (section) {
      if (section.hidden) filter('all');
      section.open = true;
      target.scrollIntoView({ block: 'start' });
    }
  }
  document.addEventListener('click', function (event) {
    var button = event.target.closest && event.target.closest('button');
    if (!button) return;
    if (button.hasAttribute('data-filter-button')) filter(button.getAttribute('data-filter-button'));
    if (button.getAttribute('data-action') === 'expand') setOpen(true);
    if (button.getAttribute('data-action') === 'collapse') setOpen(false);
  });
  window.addEventListener('hashchange', openTarget);
  openTarget();
})();
`;
