// The page's own style and script, inline (the report is one file that loads nothing): light and
// dark by prefers-color-scheme; a search box that hides the rows and tree nodes that do not hold
// the text, and a severity filter for the findings. Sections are laid out only when they come into
// view (content-visibility): the page of a big run has tens of thousands of table cells.
#include "report/page_assets.h"

namespace capsule::report {

const char* page_style() {
  return R"CSS(
:root{--bg:#fff;--fg:#1b1f24;--mute:#57606a;--line:#d0d7de;--head:#f6f8fa;--ok:#1a7f37;--bad:#cf222e;--warn:#9a6700;--link:#0969da}
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--mute:#8d96a0;--line:#30363d;--head:#161b22;--ok:#3fb950;--bad:#f85149;--warn:#d29922;--link:#4493f8}}
body{background:var(--bg);color:var(--fg);font:14px/1.45 system-ui,sans-serif;margin:0 auto;max-width:1200px;padding:16px}
h1{font-size:20px;margin:0 0 8px}h2{font-size:16px;border-bottom:1px solid var(--line);padding-bottom:4px;margin-top:28px}
code,pre,td.m{font-family:ui-monospace,monospace;font-size:12.5px;overflow-wrap:anywhere}
table{border-collapse:collapse;width:100%}th,td{border:1px solid var(--line);padding:3px 6px;text-align:left;vertical-align:top}
th{background:var(--head)}a{color:var(--link)}.mute{color:var(--mute)}
.verdict{display:inline-block;padding:2px 8px;border-radius:10px;font-weight:600;color:#fff}
.v0{background:var(--ok)}.v1{background:var(--bad)}.v3{background:var(--warn)}
dl.head{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:8px 0}dl.head dt{color:var(--mute)}dl.head dd{margin:0}
details.proc{margin-left:18px;border-left:1px dotted var(--line);padding-left:6px}section>details.proc{margin-left:0}
summary{cursor:pointer}.sev-critical,.sev-high{color:var(--bad);font-weight:600}.sev-medium{color:var(--warn);font-weight:600}
#bar{position:sticky;top:0;background:var(--bg);padding:6px 0;border-bottom:1px solid var(--line);display:flex;gap:12px;align-items:center}
#q{flex:1;padding:4px 8px;background:var(--bg);color:var(--fg);border:1px solid var(--line);border-radius:6px}
tr:target{outline:2px solid var(--link)}.hidden{display:none}
section{content-visibility:auto;contain-intrinsic-size:auto 600px}
)CSS";
}

const char* page_script() {
  return R"JS(
(function(){
  var q=document.getElementById('q'), sev=document.getElementById('sev');
  var ranks={info:0,low:1,medium:2,high:3,critical:4};
  function apply(){
    var text=q.value.toLowerCase(), min=+sev.value;
    document.querySelectorAll('.f').forEach(function(e){
      var hit=!text||e.textContent.toLowerCase().indexOf(text)>=0;
      if(e.dataset.sev!==undefined&&(ranks[e.dataset.sev]===undefined?-1:ranks[e.dataset.sev])<min)hit=false;
      e.classList.toggle('hidden',!hit);
      if(hit&&text&&e.tagName==='DETAILS')e.open=true;
    });
  }
  q.addEventListener('input',apply);sev.addEventListener('change',apply);
  document.querySelectorAll('a.ev').forEach(function(a){a.addEventListener('click',function(){q.value='';apply();});});
  document.body.setAttribute('data-ready','1');  // the script ran to its end (the browser test reads it)
})();
)JS";
}

}  // namespace capsule::report
