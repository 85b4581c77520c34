"""The 驾驶舱's style sheet and its one small script, inline in every page (nothing is loaded).

The script only sorts tables, filters the agency table and opens the drill-down an anchor
points into; with it off (or in an old IE-mode browser) the page reads the same, drill-downs
opened by hand. Fonts are the reader's own system stack."""

from __future__ import annotations

STYLE = """
:root{--red:#c62828;--yellow:#f2c200;--blue:#1565c0;--green:#2e7d32;--line:#c8ccd2;--soft:#f3f5f8}
*{box-sizing:border-box}
body{margin:0;padding:12px 20px;color:#1b1f24;background:#fff;font:14px/1.5 "Microsoft YaHei","PingFang SC",
"Hiragino Sans GB","Noto Sans CJK SC","Source Han Sans SC","WenQuanYi Micro Hei",SimSun,sans-serif}
h1{font-size:22px;margin:4px 0}h2{font-size:18px;margin:18px 0 8px;border-left:4px solid #1565c0;padding-left:8px}
h3{font-size:15px}h5{font-size:14px;margin:6px 0 2px}
.title .sub{color:#444;margin:0}
.cards{display:flex;flex-wrap:wrap;gap:8px;margin:8px 0}
.card{border:1px solid var(--line);border-radius:6px;padding:6px 12px;min-width:110px;background:var(--soft)}
.card .n{display:block;font-size:24px;font-weight:bold}.card .k{color:#444;font-size:13px}
.light-card.red{border-top:4px solid var(--red)}.light-card.yellow{border-top:4px solid var(--yellow)}
.light-card.blue{border-top:4px solid var(--blue)}.light-card.green{border-top:4px solid var(--green)}
.light{display:inline-block;padding:0 5px;border-radius:3px;font-size:12px;line-height:18px;color:#fff;
-webkit-print-color-adjust:exact;print-color-adjust:exact}
.light.red,rect.red{background:var(--red);fill:var(--red)}.light.yellow,rect.yellow{background:var(--yellow);fill:var(--yellow);color:#000}
.light.blue,rect.blue{background:var(--blue);fill:var(--blue)}.light.green,rect.green{background:var(--green);fill:var(--green)}
.lightbar{display:block;margin:4px 0}
.missing,.note,.meta,.leads{color:#444;font-size:13px;margin:4px 0}
table{border-collapse:collapse;margin:6px 0;font-size:13px}
th,td{border:1px solid var(--line);padding:2px 6px;text-align:left;white-space:nowrap}
thead th{background:#e8edf3;cursor:pointer}td.num{text-align:right}
tbody tr:nth-child(even){background:#fafbfc}
th[aria-sort=ascending]::after{content:" ▲"}th[aria-sort=descending]::after{content:" ▼"}
a{color:#0b4f9c}
details{margin:2px 0 2px 14px}details.sec{margin-left:0}
summary{cursor:pointer;padding:2px 0}details.sec>summary{font-weight:bold;font-size:15px}
.state{margin-left:8px;color:#555;font-size:12px}
.answer{border-left:3px solid var(--line);margin:4px 0 8px 18px;padding-left:8px}
.answer:target{border-left-color:var(--blue);background:#eef4fb}
dl{display:grid;grid-template-columns:7em 1fr;margin:0;gap:1px 8px}dt{color:#555}dd{margin:0;white-space:pre-wrap;
overflow-wrap:anywhere}
ul{margin:4px 0;padding-left:20px}
svg text{font-size:11px;fill:#333}svg .grid{stroke:#e1e4e8}
.toggle{font-size:13px;color:#444;margin-left:4px}
#only-summary:checked~main .detail{display:none}
@media print{
@page{size:A4 landscape;margin:9mm 10mm}
body{padding:0;font-size:9pt;line-height:1.3}
.noprint{display:none!important}
h1{font-size:15pt;margin:0}h2{font-size:12pt;margin:4pt 0}
.cards{margin:3pt 0;gap:4pt}.card{padding:2pt 6pt;min-width:0}.card .n{font-size:13pt}.card .k{font-size:8pt}
table{font-size:8pt;margin:2pt 0}th,td{padding:0 4pt;line-height:1.25}
thead{display:table-header-group}tr{break-inside:avoid}
.part{break-before:page}#headline,#by-section{break-before:auto}
#agencies td,#agencies th{font-size:7.5pt;line-height:1.2}
.light{font-size:7pt;line-height:1.2;padding:0 2pt}
a{color:inherit;text-decoration:none}
}
"""
"""The page's styles: screen, then print (A4 landscape; headline and sections share page 1,
every later part begins a page)."""

SCRIPT = r"""
(function(){
if(!document.querySelectorAll||!window.addEventListener)return;
function openTo(id){var e=document.getElementById(id);while(e){if(e.tagName==='DETAILS')e.open=true;e=e.parentNode;}}
function onHash(){if(location.hash.length>1){try{openTo(decodeURIComponent(location.hash.slice(1)));}catch(x){}}}
window.addEventListener('hashchange',onHash);onHash();
function key(c){if(!c)return '';var v=c.getAttribute('data-v');return v===null?c.textContent:parseFloat(v);}
function sorter(){
var th=this,row=th.parentNode,col=Array.prototype.indexOf.call(row.children,th),table=row;
while(table.tagName!=='TABLE')table=table.parentNode;
var body=table.tBodies[0],rows=Array.prototype.slice.call(body.rows),asc=th.getAttribute('aria-sort')!=='ascending';
for(var i=0;i<row.children.length;i++)row.children[i].removeAttribute('aria-sort');
rows.sort(function(a,b){var x=key(a.cells[col]),y=key(b.cells[col]);
var d=(typeof x==='number'&&typeof y==='number')?x-y:String(x).localeCompare(String(y),'zh-CN');return asc?d:-d;});
for(var j=0;j<rows.length;j++)body.appendChild(rows[j]);
th.setAttribute('aria-sort',asc?'ascending':'descending');}
var heads=document.querySelectorAll('table.sortable thead th');
for(var i=0;i<heads.length;i++){heads[i].addEventListener('click',sorter);heads[i].title='点击排序';}
var boxes=document.querySelectorAll('input[data-filter]');
for(var k=0;k<boxes.length;k++)boxes[k].addEventListener('input',function(){
var t=document.getElementById(this.getAttribute('data-filter')),w=this.value.trim(),rs=t.tBodies[0].rows;
for(var r=0;r<rs.length;r++)rs[r].style.display=(!w||rs[r].getAttribute('data-key').indexOf(w)>=0)?'':'none';});
})();
"""
"""Sorting, filtering and opening the drill-down an anchor points into (ES5, no library)."""
