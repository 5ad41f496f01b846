// The dashboard's style sheet, served at `/_dashboard/<hash>/app.css`. It lives in the binary rather than in a
// resource bundle: `Bundle.module` stops the process when its bundle is not beside the executable, and the
// `swiftpod` binary is copied around on its own.
extension DashboardAssets {
    static let css = #"""
        :root{--accent:#0b6bcb;--accent-dark:#084f97;--text:#1c1e21;--muted:#5b6470;--line:#dde1e6;--bg:#f6f7f9;
        --card:#fff;--danger:#b3261e;--ok:#1a7f37;--warn:#9a6700;
        font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;line-height:1.45}
        *{box-sizing:border-box}
        body{margin:0;background:var(--bg);color:var(--text)}
        a{color:var(--accent)}
        :focus-visible{outline:3px solid var(--accent);outline-offset:2px}
        .skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:#fff;padding:.5rem;z-index:2}
        header.top{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem 1.5rem;padding:.75rem 1.5rem;
        background:#fff;border-bottom:1px solid var(--line)}
        .brand{font-weight:700;font-size:1.15rem;color:var(--text);text-decoration:none}
        header nav{display:flex;flex-wrap:wrap;gap:.25rem 1rem;flex:1}
        header nav a{text-decoration:none;color:var(--muted);padding:.25rem 0;border-bottom:2px solid transparent}
        header nav a[aria-current=page]{color:var(--text);border-bottom-color:var(--accent)}
        .account{display:flex;align-items:center;gap:.75rem;color:var(--muted)}
        .account form{margin:0}
        main{max-width:68rem;margin:0 auto;padding:1.5rem}
        h1{font-size:1.5rem;margin:.5rem 0 1rem}h2{font-size:1.15rem;margin:1.5rem 0 .75rem}
        .card h2:first-child,.card input[type=hidden]+h2{margin-top:0}
        fieldset{border:0;padding:0;margin:0 0 1rem}legend{margin:0 0 .5rem}
        .card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:1.25rem;margin:0 0 1.25rem}
        label{display:block;font-weight:600;margin:0 0 .3rem}
        .field{margin:0 0 .9rem;flex:1;min-width:12rem}
        .row{display:flex;flex-wrap:wrap;gap:0 1rem;align-items:flex-start}
        .hint{color:var(--muted);font-size:.875rem;margin:.25rem 0 0}
        input[type=text],input[type=url],input[type=password],input[type=email],select{width:100%;padding:.55rem .6rem;
        font:inherit;border:1px solid #aab2bd;border-radius:6px;background:#fff}
        input[aria-invalid=true]{border-color:var(--danger)}
        .check{display:flex;gap:.5rem;align-items:center;font-weight:400}
        button,.button{display:inline-block;padding:.5rem 1rem;font:inherit;font-weight:600;
        border:1px solid var(--accent);
        border-radius:6px;background:var(--accent);color:#fff;text-decoration:none;cursor:pointer;line-height:1.3}
        button:hover,.button:hover{background:var(--accent-dark)}
        button.secondary,.button.secondary{background:#fff;color:var(--accent)}
        button.danger{background:#fff;color:var(--danger);border-color:var(--danger)}
        button:disabled{opacity:.6;cursor:wait}
        .actions{display:flex;flex-wrap:wrap;gap:.4rem}
        .field-error,.error{color:var(--danger);margin:.35rem 0 0;font-size:.9rem}
        .error:empty,.field-error:empty{display:none}
        .notice{background:#fff8e1;border:1px solid #f0d68a;border-radius:8px;padding:.75rem 1rem;margin:0 0 1rem}
        .empty{text-align:center;color:var(--muted);padding:2rem 1rem}
        table{width:100%;border-collapse:collapse;background:#fff;border:1px solid var(--line);border-radius:10px;
        overflow:hidden}
        th,td{text-align:left;padding:.65rem .75rem;border-bottom:1px solid var(--line);vertical-align:top}
        th{font-size:.8rem;text-transform:uppercase;letter-spacing:.03em;color:var(--muted);background:#fafbfc}
        tr:last-child td{border-bottom:0}
        .context{word-break:break-all;font-weight:600}
        .mono,code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.875rem}
        .badge{display:inline-block;padding:.1rem .55rem;border-radius:999px;font-size:.8rem;font-weight:600;
        background:#e7f0fb;color:var(--accent-dark)}
        .phase-running{background:#dcf5e3;color:var(--ok)}
        .phase-stopped,.phase-created{background:#eceff2;color:var(--muted)}
        .phase-failed{background:#fde7e5;color:var(--danger)}
        .phase-stopping{background:#fff3d6;color:var(--warn)}
        .phase-times{list-style:none;margin:.35rem 0 0;padding:0;color:var(--muted);font-size:.85rem}
        .phase-times li{display:inline}.phase-times li+li:before{content:" · "}
        .failure{color:var(--danger);margin:.35rem 0 0}
        dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.4rem 1.25rem;margin:0}
        dl.facts dt{color:var(--muted)}dl.facts dd{margin:0;word-break:break-all}
        pre#logs{background:#0f1419;color:#e6e6e6;padding:1rem;border-radius:8px;max-height:32rem;overflow:auto;
        white-space:pre-wrap;word-break:break-all;margin:0}
        .secret{display:flex;gap:.5rem;align-items:center;flex-wrap:wrap}
        .secret code{background:#f1f3f5;padding:.4rem .6rem;border-radius:6px;word-break:break-all}
        .sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
        @media (max-width:40rem){
        main{padding:1rem}
        header.top{padding:.75rem 1rem}
        header nav{order:3;flex-basis:100%}
        .account{margin-left:auto}
        table,thead,tbody,tr,th,td{display:block}
        table{border:0;background:none}
        thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
        tr{background:#fff;border:1px solid var(--line);border-radius:10px;margin:0 0 .75rem;padding:.5rem .25rem}
        td{border:0;padding:.35rem .75rem}
        td[data-label]:before{content:attr(data-label);display:block;font-size:.75rem;text-transform:uppercase;
        color:var(--muted)}
        }
        """#
}
