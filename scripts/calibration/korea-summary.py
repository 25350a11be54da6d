# Summarise /tmp/seeds (from scripts/calibration/korea-seeds.sh) into the Markdown tables of docs/korea-2026.md.
import json, statistics as st
labels=['all','leveraged-etf','option-dealer','margin-accounts','foreign-seller']
S={l:[json.load(open(f'/tmp/seeds/{l}-{s}/summary.json')) for s in range(1,6)] for l in labels}
def f(vals, scale=1, pct=False):
    v=[x*scale for x in vals if x is not None]
    fmt=(lambda x: f"{100*x:+.1f}%") if pct else (lambda x: f"{x:.2f}")
    return f"{fmt(st.mean(v))} [{fmt(min(v))}, {fmt(max(v))}]"
A=S['all']
rows=[('return.SEC','Samsung stress-day return',1,True),('return.SKH','SK hynix stress-day return',1,True),('index_return','KOSPI stress-day return',1,True),
('letf_rebalance_value','LETF net selling, $B',1e-9,False),('letf_share_of_turnover','LETF selling / turnover',1,True),('letf_close_share','LETF selling in the last 30 min',1,True),
('circuit_breakers','circuit breakers (run)',1,False),('margin_forced_sale_multiple','margin forced sales D+2 / pre-shock',1,False),
('margin_forced_sale_value.d2','margin forced sales at D+2, $M',1e-6,False),('foreign_net_value','foreign net flow, $B',1e-9,False),
('dealer_hedge_value','dealer hedge flow, $B',1e-9,False),('sidecars','sidecars (run)',1,False),('vi_count','VIs (run)',1,False),('realized_vol.SKH','SK hynix realised vol (1-min, stress day)',1,True)]
print('| metric | mean [min, max] over seeds 1-5 |'); print('|---|---|')
for k,name,sc,p in rows: print(f"| {name} (`{k}`) | {f([s[k] for s in A],sc,p)} |")
print()
print('| run | Samsung return | SK hynix return | KOSPI return | SK hynix realised vol |'); print('|---|---|---|---|---|')
for l in labels:
    L=S[l]; name='all agents' if l=='all' else f'without {l}'
    print(f"| {name} | {f([s['return.SEC'] for s in L],1,True)} | {f([s['return.SKH'] for s in L],1,True)} | {f([s['index_return'] for s in L],1,True)} | {f([s['realized_vol.SKH'] for s in L],1,True)} |")
print()
import csv
for s in range(1,6):
    fl=[r for r in csv.DictReader(open(f'/tmp/seeds/all-{s}/flows.csv')) if r['kind']=='foreign-seller']
    print('seed',s,'foreign net by day ($B):',[round(sum(float(r['buy_value'])-float(r['sell_value']) for r in fl if r['day']==str(d))/1380e9,2) for d in range(5)])
