/// The stylesheet and script, served from the binary: no CDN, nothing to install.
enum Assets {
    static let css = #"""
:root {
  --bg: #f7f5f0; --surface: #ffffff; --text: #1f2328; --muted: #5b6470; --line: #e3ded3;
  --accent: #2f6f4f; --accent-soft: #e3f0e8; --accent-text: #ffffff; --warn: #9a5b00; --warn-soft: #fdf0dc;
  --danger: #a4262c; --focus: #1b5fd1; --radius: 12px; --shadow: 0 1px 2px rgba(0,0,0,.06), 0 2px 8px rgba(0,0,0,.04);
  --t-meaningful: #2f6f4f; --t-intimate: #4f8a6b; --t-familiar: #8fb8a0; --t-unfamiliar: #c9d8cf;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", sans-serif;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #14171a; --surface: #1d2125; --text: #e8eaed; --muted: #a2abb5; --line: #2e343a;
    --accent: #6cc08f; --accent-soft: #1f3a2b; --accent-text: #0c1a12; --warn: #f0b35a; --warn-soft: #3a2c14;
    --danger: #ff8a8f; --focus: #8ab4ff; --shadow: none;
    --t-meaningful: #6cc08f; --t-intimate: #4f9b73; --t-familiar: #3c6f55; --t-unfamiliar: #2c4638;
  }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--text); line-height: 1.5; font-size: 16px; }
a { color: var(--accent); }
a:focus-visible, button:focus-visible, input:focus-visible, select:focus-visible, textarea:focus-visible {
  outline: 3px solid var(--focus); outline-offset: 2px; }
.skip { position: absolute; left: -999px; } .skip:focus { left: 1rem; top: 1rem; background: var(--surface); padding: .5rem; z-index: 9; }
header.top { background: var(--surface); border-bottom: 1px solid var(--line); }
header.top .bar { max-width: 72rem; margin: 0 auto; padding: .6rem 1rem; display: flex; align-items: center; gap: 1rem; flex-wrap: wrap; }
.brand { font-weight: 700; font-size: 1.25rem; color: var(--text); text-decoration: none; letter-spacing: -.01em; }
.brand span { color: var(--accent); }
nav.main { display: flex; gap: .25rem; flex-wrap: wrap; flex: 1; }
nav.main a { padding: .4rem .75rem; border-radius: 999px; text-decoration: none; color: var(--muted); font-weight: 500; }
nav.main a[aria-current="page"] { background: var(--accent-soft); color: var(--text); }
nav.main a:hover { color: var(--text); }
.who { color: var(--muted); font-size: .9rem; display: flex; gap: .5rem; align-items: center; }
main { max-width: 72rem; margin: 0 auto; padding: 1.5rem 1rem 4rem; }
h1 { font-size: 1.75rem; margin: 0 0 .25rem; letter-spacing: -.02em; }
h2 { font-size: 1.2rem; margin: 1.5rem 0 .75rem; }
.sub { color: var(--muted); margin: 0 0 1.25rem; }
.card { background: var(--surface); border: 1px solid var(--line); border-radius: var(--radius); padding: 1rem 1.25rem; box-shadow: var(--shadow); }
.grid { display: grid; gap: 1rem; grid-template-columns: repeat(auto-fit, minmax(20rem, 1fr)); }
.stack > * + * { margin-top: .75rem; }
.flash { background: var(--accent-soft); border: 1px solid var(--accent); border-radius: var(--radius); padding: .6rem 1rem; margin-bottom: 1rem; }
.error-box { background: var(--warn-soft); border: 1px solid var(--warn); border-radius: var(--radius); padding: .6rem 1rem; margin-bottom: 1rem; }
.suggestion { display: grid; grid-template-columns: 2.25rem 1fr; gap: .25rem 1rem; }
.suggestion .rank { font-size: 1.4rem; font-weight: 700; color: var(--muted); text-align: center; }
.suggestion h2 { margin: 0; font-size: 1.15rem; }
.suggestion h2 a { color: var(--text); text-decoration: none; } .suggestion h2 a:hover { text-decoration: underline; }
.kind { display: inline-block; font-size: .75rem; font-weight: 700; letter-spacing: .04em; text-transform: uppercase;
  padding: .1rem .55rem; border-radius: 999px; background: var(--accent-soft); color: var(--accent); margin-right: .4rem; vertical-align: middle; }
.kind.support, .kind.follow-up { background: var(--warn-soft); color: var(--warn); }
.reason { margin: .2rem 0; } .action { margin: .2rem 0; color: var(--muted); }
.draft { position: relative; margin: .6rem 0; }
.draft textarea { width: 100%; min-height: 3.2rem; resize: vertical; font: inherit; padding: .6rem .75rem; border-radius: 8px;
  border: 1px solid var(--line); background: var(--bg); color: var(--text); }
.actions { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; }
.actions form { display: flex; gap: .4rem; align-items: center; margin: 0; }
button, .button { font: inherit; font-weight: 600; border-radius: 8px; padding: .45rem .9rem; border: 1px solid var(--line);
  background: var(--surface); color: var(--text); cursor: pointer; text-decoration: none; display: inline-block; }
button.primary, .button.primary { background: var(--accent); border-color: var(--accent); color: var(--accent-text); }
button.danger { color: var(--danger); }
button:hover { filter: brightness(.97); }
label { display: block; font-weight: 600; margin-bottom: .25rem; }
.field { margin-bottom: .9rem; }
.field .hint { color: var(--muted); font-size: .85rem; font-weight: 400; }
.field .problem { color: var(--danger); font-size: .9rem; margin-top: .25rem; }
input[type=text], input[type=email], input[type=password], input[type=date], input[type=number], input[type=search], select, textarea {
  font: inherit; width: 100%; padding: .5rem .65rem; border-radius: 8px; border: 1px solid var(--line); background: var(--surface); color: var(--text); }
input[aria-invalid=true] { border-color: var(--danger); }
.row { display: grid; gap: .75rem; grid-template-columns: repeat(auto-fit, minmax(12rem, 1fr)); }
.inline { display: flex; flex-wrap: wrap; gap: .5rem; align-items: end; }
.inline .field { margin: 0; }
table { width: 100%; border-collapse: collapse; }
.table-wrap { overflow-x: auto; }
td.text { white-space: normal; }
th, td { text-align: left; padding: .55rem .6rem; border-bottom: 1px solid var(--line); white-space: nowrap; }
th a { color: var(--muted); text-decoration: none; } th a:hover { color: var(--text); }
td.name a { font-weight: 600; color: var(--text); text-decoration: none; }
.tier { display: inline-block; padding: .05rem .5rem; border-radius: 999px; font-size: .8rem; font-weight: 600; background: var(--accent-soft); }
.due { color: var(--warn); font-weight: 600; }
.tag { display: inline-block; font-size: .8rem; padding: 0 .45rem; border: 1px solid var(--line); border-radius: 999px; margin-right: .2rem; color: var(--muted); }
.pager { display: flex; gap: .5rem; align-items: center; justify-content: space-between; margin-top: 1rem; color: var(--muted); }
.ladder { display: grid; grid-template-columns: repeat(4, 1fr); gap: .35rem; margin: .5rem 0 1rem; }
.ladder div { text-align: center; padding: .5rem .25rem; border-radius: 8px; border: 1px solid var(--line); font-size: .85rem; color: var(--muted); }
.ladder .current { background: var(--accent); color: var(--accent-text); border-color: var(--accent); font-weight: 700; }
.ladder .target { border: 2px dashed var(--accent); color: var(--text); font-weight: 600; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .3rem 1rem; margin: 0; }
dl.facts dt { color: var(--muted); } dl.facts dd { margin: 0; overflow-wrap: anywhere; }
ol.timeline { list-style: none; padding: 0; margin: 0; }
ol.timeline li { padding: .55rem 0; border-bottom: 1px solid var(--line); display: grid; grid-template-columns: 6.5rem 1fr; gap: .75rem; }
ol.timeline time { color: var(--muted); font-variant-numeric: tabular-nums; }
.balance { display: flex; gap: 1rem; flex-wrap: wrap; }
.balance div { flex: 1; min-width: 6rem; text-align: center; padding: .6rem; border-radius: 8px; background: var(--bg); }
.balance strong { display: block; font-size: 1.5rem; }
.warn { color: var(--warn); font-weight: 600; }
.chart { width: 100%; height: auto; display: block; }
.chart text { fill: var(--muted); font-size: 13px; font-family: inherit; }
.chart a text { fill: var(--text); }
.chart .bar { fill: var(--accent); } .chart .bar.gives { fill: var(--t-intimate); } .chart .bar.asks { fill: var(--warn); }
.chart .t-meaningful { fill: var(--t-meaningful); } .chart .t-intimate { fill: var(--t-intimate); }
.chart .t-familiar { fill: var(--t-familiar); } .chart .t-unfamiliar { fill: var(--t-unfamiliar); }
.chart .axis { stroke: var(--line); }
.legend { display: flex; gap: 1rem; color: var(--muted); font-size: .85rem; }
.swatch { display: inline-block; width: .8rem; height: .8rem; border-radius: 3px; vertical-align: middle; margin-right: .3rem; }
.swatch.gives { background: var(--t-intimate); } .swatch.asks { background: var(--warn); }
.mt { margin-top: 1rem; } .mt-s { margin-top: .75rem; } .mb { margin-bottom: 1rem; } .flush { margin-top: 0; }
.spread { justify-content: space-between; align-items: center; } .grow { flex: 2; min-width: 12rem; } .pre { white-space: pre-wrap; }
.links { padding-left: 1.1rem; margin: 0; } .links li { margin: .35rem 0; }
.check { display: flex; gap: .5rem; align-items: center; font-weight: 400; }
.problems { margin: .5rem 0 0; padding-left: 1.1rem; max-height: 16rem; overflow-y: auto; }
code { font-size: .9em; background: var(--line); border-radius: 4px; padding: 0 .25rem; }
.inline-form { display: inline; } .inline-form button { padding: .1rem .5rem; font-size: .85rem; margin-left: .4rem; }
.entry { overflow-wrap: anywhere; }
.auth { max-width: 26rem; margin: 3rem auto; }
.empty { text-align: center; padding: 2.5rem 1rem; color: var(--muted); }
details summary { cursor: pointer; font-weight: 600; }
@media (max-width: 40rem) {
  main { padding: 1rem .75rem 3rem; }
  header.top .bar { gap: .5rem; }
  nav.main { order: 3; flex-basis: 100%; }
  .who { margin-left: auto; } .who span { display: none; }
  .suggestion { grid-template-columns: 1fr; } .suggestion .rank { text-align: left; }
  ol.timeline li { grid-template-columns: 1fr; gap: 0; }
  th.optional, td.optional { display: none; }
}
"""#

    static let js = #"""
// Copy buttons for draft messages; everything else works without JavaScript.
document.addEventListener("click", async (event) => {
  const button = event.target.closest("[data-copy]");
  if (!button) return;
  const field = document.getElementById(button.dataset.copy);
  try {
    await navigator.clipboard.writeText(field.value);
  } catch {
    field.select();
    document.execCommand("copy");
  }
  const label = button.textContent;
  button.textContent = "Copied";
  setTimeout(() => { button.textContent = label; }, 1500);
});
"""#
}
