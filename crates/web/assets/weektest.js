// Progressive enhancement for the week test. Everything works without this file:
// it only shows running totals and lets people paint the week grid.
(function () {
  'use strict';
  var lang = document.documentElement.lang || 'nl';
  var words = {
    nl: { now: 'Uren nu', wished: 'Gewenste uren', of: 'van de 168', left: 'nog te verdelen', over: 'te veel' },
    en: { now: 'Hours now', wished: 'Wished hours', of: 'of 168', left: 'left to share out', over: 'too many' }
  }[lang] || null;

  // Running totals on the totals form.
  var sums = document.querySelector('[data-sums]');
  if (sums && words) {
    var total = function (kind) {
      var s = 0;
      document.querySelectorAll('[data-sum="' + kind + '"]').forEach(function (input) {
        var v = parseFloat(String(input.value).replace(',', '.'));
        if (isFinite(v)) s += v;
      });
      return s;
    };
    var describe = function (label, s) {
      var rest = 168 - s;
      var note = rest === 0 ? '✓' : Math.abs(rest) + ' ' + (rest > 0 ? words.left : words.over);
      return label + ': ' + s + ' ' + words.of + ' (' + note + ')';
    };
    var update = function () {
      sums.textContent = describe(words.now, total('now')) + ' · ' + describe(words.wished, total('wished'));
    };
    sums.hidden = false;
    document.addEventListener('input', function (e) {
      if (e.target.matches('[data-sum]')) update();
    });
    update();
  }

  // Painting the week grid: pick a domain, then tap or drag over hours.
  var palette = document.querySelector('[data-palette]');
  if (palette) {
    var cells = document.querySelectorAll('[data-cell]');
    var order = Array.prototype.map.call(palette.querySelectorAll('input[name="brush"]'), function (r) { return r.value; });
    var colour = function (cell) {
      var select = cell.querySelector('select');
      cell.dataset.domain = String(order.indexOf(select.value));
    };
    var brush = function () {
      var checked = palette.querySelector('input[name="brush"]:checked');
      return checked ? checked.value : '';
    };
    var painting = false;
    var paint = function (cell) {
      var select = cell.querySelector('select');
      select.value = brush();
      colour(cell);
    };
    palette.hidden = false;
    // Taps go to the cell (to paint); the keyboard still reaches every select.
    document.querySelector('.week-grid').classList.add('week-grid--paint');
    cells.forEach(function (cell) {
      colour(cell);
      cell.querySelector('select').addEventListener('change', function () { colour(cell); });
      cell.addEventListener('pointerdown', function (e) {
        painting = true;
        paint(cell);
        e.preventDefault();
      });
      cell.addEventListener('pointerenter', function () { if (painting) paint(cell); });
      // Keyboard: space on a focused hour paints it with the chosen domain.
      cell.querySelector('select').addEventListener('keydown', function (e) {
        if (e.key === ' ' && e.shiftKey) { paint(cell); e.preventDefault(); }
      });
    });
    document.addEventListener('pointerup', function () { painting = false; });
  }
})();
