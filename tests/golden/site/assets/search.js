/* Search page: fold the reader's query exactly as generator/search.py folds
   the hidden search field of each Arabic page (generator.arabic.normalise,
   then strip_article), then ask Pagefind, which loads the index of the
   page's <html lang>.  tests/test_search.py runs this file with node and
   compares normaliseQuery with the Python function on a table of cases. */
(function () {
  "use strict";

  // --- folding: a mirror of generator/arabic.py ---------------------------
  var INVISIBLE = /[\u200b-\u200f\u202a-\u202e\u2066-\u2069\u061c\ufeff\u00ad]/g;
  var DIACRITICS = /[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e4\u06e7\u06e8\u06ea-\u06ed]/g;
  var TATWEEL = /\u0640/g;
  var FOLDS = {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا",
    "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي",
    "ی": "ي", "ې": "ي", "ک": "ك", "ە": "ه",
    "\u066b": ".", "\u066c": ",",
    "“": "", "”": "", "„": "", "‟": "", "«": "", "»": "", "‹": "", "›": "",
    "″": "", "\"": "", "'": "", "‘": "", "’": "", "`": "", "´": ""
  };
  for (var d = 0; d < 10; d++) {
    FOLDS[String.fromCharCode(0x0660 + d)] = String(d);
    FOLDS[String.fromCharCode(0x06f0 + d)] = String(d);
  }
  // Python's \s also matches the information separators and NEL.
  var SPACES = /[\s\x1c-\x1f\x85]+/g;
  // Python: [^\W\d_]+|\d+(?:[.,]\d+)*  (\w without digits and "_" is letters
  // and non-decimal numbers; \d is decimal digits)
  var TOKEN = /[\p{L}\p{Nl}\p{No}]+|\p{Nd}+(?:[.,]\p{Nd}+)*/gu;
  var AR_LETTER = /[\u0621-\u063a\u0641-\u064a\u0671-\u06d3\u06d5\u06fa-\u06fc]/g;
  var LATIN_LETTER = /[A-Za-z\u00c0-\u024f]/g;
  var ARTICLE_PREFIXES = ["وبال", "فبال", "وكال", "فكال", "ولل", "فلل", "وال", "فال", "بال", "كال", "لل", "ال"];
  var CLITICS = "وفبلك";
  var MIN_STEM_AFTER_ARTICLE = 2;
  // generator.arabic._PROTECTED_WORDS, normalised (the test checks they match)
  var PROTECTED = new Set(["الا", "الاف", "الان", "التي", "الذي", "الذين", "الف", "اللاتي", "اللتين",
    "اللذين", "الله", "الي", "باريس", "باكستان", "برلين", "بروكسل", "بريطاني", "بريطانيا", "بريطانيه",
    "بغداد", "بكين", "بلجيكا", "بلديات", "بلديه", "بنغازي", "بنك", "بني", "بنين", "بوركينا", "بولندا",
    "بيروت", "فرع", "فرنسا", "فرنسي", "فرنسيه", "فزان", "فلسطين", "فنزويلا", "فيما", "فيينا", "كانت",
    "كتايب", "كتيبه", "كما", "كندا", "كوبا", "كوريا", "كولومبيا", "كينيا", "لاهاي", "لبنان", "لجان",
    "لجنه", "لقاء", "لندن", "لواء", "لوكربي", "ليبي", "ليبيا", "ليبيه", "ليبيون", "ليبيين", "واشنطن",
    "واقع", "والي", "وثيقه", "وحده", "وزاره", "وزراء", "وزير", "وزيره", "وسايل", "وسط", "وطني", "وطنيه",
    "وفد", "وقت", "وكاله", "وكيل", "ولايات", "ولايه", "وليد"]);

  function casefold(text) {
    return text.toLowerCase().replace(/ß/g, "ss").replace(/ς/g, "σ");
  }

  function normalise(text) {
    text = String(text).normalize("NFKC").replace(INVISIBLE, "").replace(DIACRITICS, "").replace(TATWEEL, "");
    var out = "";
    for (var ch of text) out += Object.prototype.hasOwnProperty.call(FOLDS, ch) ? FOLDS[ch] : ch;
    return casefold(out.replace(SPACES, " ").trim());
  }

  function isArabic(text) {
    var ar = (text.match(AR_LETTER) || []).length;
    var latin = (text.match(LATIN_LETTER) || []).length;
    return ar > 0 && ar >= latin;
  }

  function stripArticle(token) {
    var word = normalise(token);
    if (PROTECTED.has(word)) return word;
    var chars = Array.from(word);
    if (PROTECTED.has(chars.slice(1).join("")) && CLITICS.indexOf(chars[0]) >= 0) return chars.slice(1).join("");
    for (var i = 0; i < ARTICLE_PREFIXES.length; i++) {
      var prefix = ARTICLE_PREFIXES[i];
      if (word.startsWith(prefix) && chars.length - Array.from(prefix).length >= MIN_STEM_AFTER_ARTICLE) {
        return word.slice(prefix.length);
      }
    }
    return word;
  }

  function normaliseQuery(text) {
    var tokens = normalise(text).match(TOKEN) || [];
    return tokens.map(function (t) { return isArabic(t) ? stripArticle(t) : t; }).join(" ");
  }

  var api = { normalise: normalise, normaliseQuery: normaliseQuery, stripArticle: stripArticle,
              protectedWords: PROTECTED };
  if (typeof module !== "undefined" && module.exports) {
    module.exports = api;
    return;
  }
  window.briefingSearch = api;

  // --- the search page ----------------------------------------------------
  function init() {
    var form = document.getElementById("search-form");
    if (!form) return;
    var input = document.getElementById("search-input");
    var status = document.getElementById("search-status");
    var list = document.getElementById("search-results");
    var data = form.dataset;
    var lang = document.documentElement.lang || "en";
    var plural = new Intl.PluralRules(lang);
    var loading = null;

    function digits(text) {
      if (data.digits !== "arabic-indic") return text;
      return text.replace(/[0-9]/g, function (c) { return "٠١٢٣٤٥٦٧٨٩".charAt(+c); });
    }
    function countText(n) {
      var category = plural.select(n);
      var key = "count" + category.charAt(0).toUpperCase() + category.slice(1);
      return (data[key] || data.countOther).replace("{n}", digits(String(n)));
    }
    function pagefind() {
      if (!loading) {
        loading = import(new URL(data.bundle, document.baseURI).href).then(function (pf) {
          // result URLs are site-absolute ("/ar/..."): prefix the site's own path
          return Promise.resolve(pf.options({ baseUrl: new URL(data.siteRoot, document.baseURI).pathname }))
            .then(function () { return pf; });
        });
      }
      return loading;
    }
    function excerpt(html) {
      // rebuild Pagefind's excerpt from text and <mark> only: no markup from the index runs
      var p = document.createElement("p");
      p.className = "excerpt";
      var doc = new DOMParser().parseFromString(html, "text/html");
      doc.body.childNodes.forEach(function (node) {
        if (node.nodeName === "MARK") {
          var mark = document.createElement("mark");
          mark.textContent = node.textContent;
          p.appendChild(mark);
        } else {
          p.appendChild(document.createTextNode(node.textContent));
        }
      });
      return p;
    }
    // Pagefind's Arabic stemmer gives a nisba surname and its place one stem
    // ("الطرابلسي", "طرابلس"), so each query word is searched alone and a page
    // counts for it only through a word that is not a stem collision with a
    // person's name: a matched word that folds to something other than the
    // query word is dropped when it is one of the page's people (meta
    // "people", from search_people in render.py), or when the query word is
    // itself a person's name on some page (a surname search then finds that
    // person, not every page about the place).  Pages past MAX_CHECKED are
    // kept unchecked: loading every fragment of a common word costs too much.
    var MAX_CHECKED = 200;
    function peopleOf(result) {
      return new Set(((result.meta && result.meta.people) || "").split(" ").filter(Boolean));
    }
    async function pagesFor(pf, word) {
      var search = await pf.search(word);
      var checked = search.results.slice(0, MAX_CHECKED);
      var loaded = await Promise.all(checked.map(function (r) { return r.data(); }));
      var personWord = loaded.some(function (d) { return peopleOf(d).has(word); });
      var kept = new Set(search.results.slice(MAX_CHECKED).map(function (r) { return r.id; }));
      loaded.forEach(function (d, i) {
        var people = peopleOf(d);
        var words = (d.content || "").split(/\s+/).filter(Boolean);  // Pagefind counts locations in these
        var locations = d.locations || [];
        var genuine = !locations.length || locations.some(function (at) {
          var folded = normaliseQuery(words[at] || "").split(" ");
          if (folded.indexOf(word) >= 0) return true;
          return !personWord && !folded.some(function (w) { return people.has(w); });
        });
        if (genuine) kept.add(checked[i].id);
      });
      return kept;
    }
    async function run(query) {
      list.replaceChildren();
      var folded = normaliseQuery(query);
      if (!folded) { status.textContent = data.msgEmpty; return; }
      status.textContent = data.msgSearching;
      var pf;
      try { pf = await pagefind(); } catch (e) { status.textContent = data.msgUnavailable; return; }
      var search = await pf.search(folded);
      var found = search.results;
      if (lang === "ar") {
        // one word at a time: concurrent searches on one Pagefind instance
        // were seen to lose results
        var perWord = [];
        for (var w of new Set(folded.split(" "))) perWord.push(await pagesFor(pf, w));
        found = found.filter(function (r) { return perWord.every(function (kept) { return kept.has(r.id); }); });
      }
      var results = await Promise.all(found.slice(0, 25).map(function (r) { return r.data(); }));
      status.textContent = results.length ? countText(found.length) : data.msgNone.replace("{query}", query);
      results.forEach(function (result) {
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = result.url;
        a.textContent = (result.meta && result.meta.title) || result.url;
        li.appendChild(a);
        if (result.meta && result.meta.date) {
          var time = document.createElement("span");
          time.className = "result-date";
          time.textContent = " " + result.meta.date;
          li.appendChild(time);
        }
        li.appendChild(excerpt(result.excerpt || ""));
        list.appendChild(li);
      });
    }
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var query = input.value;
      var address = new URL(window.location.href);
      address.searchParams.set("q", query);
      window.history.replaceState(null, "", address.href);
      run(query);
    });
    var initial = new URLSearchParams(window.location.search).get("q");
    if (initial) { input.value = initial; run(initial); }
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
