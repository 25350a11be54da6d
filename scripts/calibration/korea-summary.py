# Summarise /tmp/seeds (from scripts/calibration/korea-seeds.sh) into the tables of docs/korea-2026.md.
# Usage: python3 scripts/calibration/korea-summary.py [seeds=10]. Stress day = day 2; report currency USD at ₩1,380.
import csv, json, math, statistics as st, sys
from collections import defaultdict

N = int(sys.argv[1]) if len(sys.argv) > 1 else 10
D = '/tmp/seeds'
FX = 1380.0
STRESS = 2
SEEDS = range(1, N + 1)
NAMES = ('SEC', 'SKH')
ETFS = {'SKH2X': ('SKH', 2), 'SEC2X': ('SEC', 2), 'SKHOPT2X': ('SKH', 2), 'SKHINV2X': ('SKH', -2)}
LETF_KINDS = ('leveraged-etf', 'swap-dealer')  # the funds' rebalancing: physical funds trade, swap funds' dealers hedge
US_DAY = 86_400_000_000
T_1450, T_1500 = (14 * 60 + 50) * 60_000_000, 15 * 3_600_000_000


def rows(path):
    return list(csv.DictReader(open(path)))


def tq(v):  # mean and 95% t interval half-width
    v = [x for x in v if x is not None and not (isinstance(x, float) and math.isnan(x))]
    if len(v) < 2:
        return (v[0] if v else float('nan')), float('nan'), len(v)
    t = {2: 12.71, 3: 4.30, 4: 3.18, 5: 2.78, 6: 2.57, 7: 2.45, 8: 2.36, 9: 2.31, 10: 2.26, 11: 2.23, 12: 2.20}.get(len(v), 2.0)
    return st.mean(v), t * st.stdev(v) / math.sqrt(len(v)), len(v)


def fmt(v, pct=False, scale=1.0, digits=2):
    v = [x * scale for x in v if x is not None and not (isinstance(x, float) and math.isnan(x))]
    if not v:
        return 'n/a'
    f = (lambda x: f'{100 * x:+.1f}%') if pct else (lambda x: f'{x:.{digits}f}')
    return f'{f(st.mean(v))} [{f(min(v))}, {f(max(v))}]'


class Run:
    def __init__(self, label, seed):
        p = f'{D}/{label}-{seed}'
        self.p = p
        self.summary = json.load(open(f'{p}/summary.json'))
        self.daily = {(int(r['day']), r['instrument']): r for r in rows(f'{p}/daily.csv')}
        self.flows = rows(f'{p}/flows.csv')
        self.events = rows(f'{p}/market_events.csv')
        self._metrics = None
        self._bars = None
        self._trades = None

    def ret(self, day, sym):
        return float(self.daily[(day, sym)]['return'])

    def metrics(self):
        if self._metrics is None:
            self._metrics = {(int(r['day']), r['name']): float(r['value']) for r in rows(f'{self.p}/metrics.csv')}
        return self._metrics

    def bars(self):
        if self._bars is None:
            self._bars = defaultdict(list)
            for r in rows(f'{self.p}/bars.csv'):
                self._bars[(int(r['day']), r['instrument'])].append((int(r['t_us']) % US_DAY, float(r['close'])))
        return self._bars

    def trades(self):
        if self._trades is None:
            self._trades = rows(f'{self.p}/trades.csv')
        return self._trades

    def flow(self, day, kinds, syms, col):
        return sum(float(r[col]) for r in self.flows if int(r['day']) == day and r['kind'] in kinds and r['instrument'] in syms)

    def at_limit(self, day, sym):  # closed at the day's lower or upper limit
        lim = [e['detail'] for e in self.events if e['kind'] == 'limits-set' and int(e['day']) == day and e['instrument'] == sym]
        kv = dict(x.split('=') for x in lim[-1].split()) if lim else {}
        c = float(self.daily[(day, sym)]['close'])
        return bool(kv) and (c <= float(kv['lower']) or c >= float(kv['upper']))


def load(label, seeds=SEEDS):
    out = {}
    for s in seeds:
        try:
            out[s] = Run(label, s)
        except FileNotFoundError:
            pass
    return out


A = load('all')
S = sorted(A)
print(f'seeds with all agents: {S}\n')

# ---------------------------------------------------------------- T1-T7, T10-T12 (all agents)
def stress_events(r, kind, inst=None):
    return [e for e in r.events if e['kind'] == kind and int(e['day']) == STRESS and (inst is None or e['instrument'] == inst)]


def letf_sell(r, day):  # LETF-related net sale (won): funds' own trades plus the swap dealers' hedge
    return r.flow(day, LETF_KINDS, NAMES, 'sell_value') - r.flow(day, LETF_KINDS, NAMES, 'buy_value')


def turnover(r, day):
    return sum(float(r.daily[(day, s)]['turnover_value']) for s in NAMES)


def letf_window(r, day):
    """LETF(+swap dealer) sell value in the last 30 min incl. the auction, in 14:50-close, the day's total, and the
    two names' turnover in 14:50-close."""
    last30 = win = tot = win_turn = 0.0
    for t in r.trades():
        if int(t['day']) != day or t['instrument'] not in NAMES:
            continue
        tod = int(t['t_us']) % US_DAY
        v = float(t['price']) * float(t['qty'])
        if tod >= T_1450:
            win_turn += v
        if t['seller_kind'] in LETF_KINDS:
            tot += v
            if tod >= T_1500:
                last30 += v
            if tod >= T_1450:
                win += v
    return last30, win, tot, win_turn


rows_t = []
T = {k: [] for k in ['sec', 'skh', 'kospi', 'kospi_low', 'limit', 'letf', 'letf_share', 'last30', 'win_share', 'cb', 'cb_stress', 'sidecar', 'sidecar_min', 'vi_static', 'vi_dyn', 'calm_max', 'swap_gap']}
for s in S:
    r = A[s]
    T['sec'].append(r.ret(STRESS, 'SEC'))
    T['skh'].append(r.ret(STRESS, 'SKH'))
    T['kospi'].append(r.ret(STRESS, 'KOSPI'))
    prev = float(r.daily[(STRESS - 1, 'KOSPI')]['close'])
    T['kospi_low'].append(float(r.daily[(STRESS, 'KOSPI')]['low']) / prev - 1)
    T['limit'].append(sum(r.at_limit(STRESS, x) for x in NAMES))
    sell = letf_sell(r, STRESS)
    T['letf'].append(sell / FX / 1e9)
    T['letf_share'].append(sell / turnover(r, STRESS))
    l30, win, tot, wturn = letf_window(r, STRESS)
    T['last30'].append(l30 / tot if tot > 0 else float('nan'))
    T['win_share'].append(win / wturn if wturn > 0 else float('nan'))
    T['cb'].append(len([e for e in r.events if e['kind'] == 'halt-started']))
    T['cb_stress'].append(len(stress_events(r, 'halt-started')))
    sc = stress_events(r, 'sidecar-started')
    T['sidecar'].append(len(sc))
    T['sidecar_min'].append((int(sc[0]['t_us']) % US_DAY - 9 * 3_600_000_000) / 60e6 if sc else float('nan'))
    T['vi_static'].append(len([e for e in stress_events(r, 'vi-started') if e['instrument'] in NAMES and e['detail'].startswith('static')]))
    T['vi_dyn'].append(len([e for e in stress_events(r, 'vi-started') if e['instrument'] in NAMES and e['detail'].startswith('dynamic')]))
    T['calm_max'].append(max(abs(r.ret(d, x)) for d in (0, 1) for x in NAMES))
    T['swap_gap'].append(-sum(r.metrics().get((STRESS, f'letf_rebalance_target.{x}'), 0) for x in NAMES) / FX / 1e9)

print('| target | value | measured: mean [min, max] over seeds |')
print('|---|---|---|')
print(f"| T1 Samsung stress-day return | −13% ± 2.5 pp | {fmt(T['sec'], True)} (in band: {sum(abs(x + 0.13) <= 0.025 for x in T['sec'])}/{len(S)}) |")
print(f"| T1 SK hynix stress-day return | −13% ± 2.5 pp | {fmt(T['skh'], True)} (in band: {sum(abs(x + 0.13) <= 0.025 for x in T['skh'])}/{len(S)}) |")
print(f"| T1 closes at a daily limit (either name) | none | {sum(T['limit'])} in {len(S)} runs |")
print(f"| T2 LETF net selling (funds + swap dealers), $B | 6.0 ± 1.5 | {fmt(T['letf'])} |")
print(f"| T3 … as a share of the two names' turnover | 10–18% | {fmt(T['letf_share'], True)} |")
print(f"| T4 share of the LETF selling in the last 30 min incl. the closing auction | ≥ 70% | {fmt(T['last30'], True)} |")
print(f"| T4 LETF selling / the two names' turnover over 14:50–close (the whole rebalance schedule) | — | {fmt(T['win_share'], True)} |")
print(f"| T2 the funds' rebalancing need at the close, −Σ A(L²−L)r + L·F over the four funds, $B | — | {fmt(T['swap_gap'])} |")
print(f"| T5 KOSPI stress-day close | −8% to −10% (±2 pp) | {fmt(T['kospi'], True)} |")
print(f"| T5 KOSPI stress-day intraday low | ≈ −10% | {fmt(T['kospi_low'], True)} |")
print(f"| T5 level-1 circuit breaker on the stress day | fires | {sum(x >= 1 for x in T['cb_stress'])}/{len(S)} runs (all halts in the run: {fmt(T['cb'], digits=1)}) |")
print(f"| T6 sell-side sidecar on the stress day | fires, first hour | {sum(x >= 1 for x in T['sidecar'])}/{len(S)} runs, minute after 09:00 {fmt(T['sidecar_min'], digits=0)} |")
print(f"| T7 static / dynamic VIs in the two names, stress day | ≥ 1 static per name; several dynamic | {fmt(T['vi_static'], digits=1)} / {fmt(T['vi_dyn'], digits=1)} |")
print(f"| calm days 0–1: largest \\|return\\| of the two names per run | a few % | {fmt(T['calm_max'], True)} |")

# T13 the next days: continuation or reversal, and a second circuit breaker within three sessions
nxt = {(d, x): [A[s].ret(d, x) for s in S] for d in (3, 4) for x in NAMES}
cb2 = [len([e for e in A[s].events if e['kind'] == 'halt-started' and int(e['day']) in (3, 4)]) for s in S]
print(f"| T13 days 3 / 4 returns, Samsung; SK hynix | partial reversal, or continuation with a 2nd CB ≤ 3 sessions | {fmt(nxt[(3, 'SEC')], True)} / {fmt(nxt[(4, 'SEC')], True)}; {fmt(nxt[(3, 'SKH')], True)} / {fmt(nxt[(4, 'SKH')], True)}; a 2nd CB on day 3 or 4 in {sum(x >= 1 for x in cb2)}/{len(S)} runs |")

# T10 margin wave: forced sales (value) per day; calm baseline = days 1-2 (caused by closes of days 0-1 only)
fs = {s: [A[s].flow(d, ('margin-accounts',), NAMES, 'forced_sell_value') for d in range(5)] for s in S}
base = [fs[s][d] for s in S for d in (1, 2)]
bmean = st.mean(base) if base else float('nan')
d2 = [fs[s][STRESS + 2] for s in S]
d3 = [fs[s][STRESS + 1] for s in S]
print(f"| T10 margin forced sales at D+2 (day 4) / calm baseline (days 1–2, {len(base)} seed-days) | 4–5× (±1) | {st.mean(d2) / bmean:.1f}× (D+1: {st.mean(d3) / bmean:.1f}×; baseline ₩{bmean / 1e9:.1f}B a day, D+2 ₩{st.mean(d2) / 1e9:.1f}B) |" if bmean > 0 else f"| T10 margin wave | 4–5× | baseline is 0: multiple undefined (D+2 ₩{st.mean(d2) / 1e9:.1f}B) |")
print(f"| T10 calm seed-days with any forced sale | — | {sum(x > 0 for x in base)}/{len(base)} |")

# T11 foreign flow on the stress days (won, trillions)
ff = {d: [A[s].flow(d, ('foreign-seller',), NAMES, 'buy_value') - A[s].flow(d, ('foreign-seller',), NAMES, 'sell_value') for s in S] for d in (2, 3, 4)}
print(f"| T11 foreign net flow on stress days 2 / 3 / 4, ₩T | net sell each day, ₩1–3T | {' / '.join(fmt(ff[d], scale=1e-12) for d in (2, 3, 4))}; net sell in {sum(all(ff[d][i] < 0 for d in (2, 3, 4)) for i in range(len(S)))}/{len(S)} runs |")


# T12 ETF premium: (a) calm continuous trading (days 0-1, 09:05-15:20, minute bars vs iNAV); (b) stress closing prints
def premia(r, day):
    m = r.metrics()
    out = []
    for etf, (und, lev) in ETFS.items():
        nav0 = m.get((day - 1, f'nav.{etf}'), 10_000.0) if day > 0 else 10_000.0
        base = float(r.daily[(day - 1, und)]['close']) if day > 0 else float(r.daily[(0, und)]['open'])
        if day == 0:
            lim = [e['detail'] for e in r.events if e['kind'] == 'limits-set' and int(e['day']) == 0 and e['instrument'] == und]
            base = float(dict(x.split('=') for x in lim[0].split())['base'])
        und_bars = dict(r.bars()[(day, und)])
        for t, c in r.bars()[(day, etf)]:
            if (9 * 60 + 5) * 60_000_000 <= t < (15 * 60 + 20) * 60_000_000 and t in und_bars:
                inav = nav0 * (1 + lev * (und_bars[t] / base - 1))
                out.append(c / inav - 1)
    return out


calm_p = [p for s in S for d in (0, 1) for p in premia(A[s], d)]
within = sum(abs(p) < 0.01 for p in calm_p) / len(calm_p) if calm_p else float('nan')
med = st.median(abs(p) for p in calm_p) if calm_p else float('nan')
print(f"| T12a \\|ETF premium\\| in calm continuous trading (minute closes vs iNAV, 4 ETFs, days 0–1) | < 1% | {100 * within:.0f}% of minutes within 1%, median \\|π\\| {100 * med:.2f}% |")
sp = {s: [float(A[s].daily[(STRESS, e)]['premium']) for e in ETFS] for s in S}
print(f"| T12b stress-day closing prints with \\|π\\| > 10% | ≥ 1 | {sum(any(abs(x) > 0.1 for x in sp[s]) for s in S)}/{len(S)} runs; max \\|π\\| {fmt([max(abs(x) for x in sp[s]) for s in S], True)} |")
cp = [abs(float(A[s].daily[(d, e)]['premium'])) for s in S for d in (0, 1) for e in ETFS]
print(f"| (calm-day closing prints with \\|π\\| > 10%) | — | {sum(x > 0.1 for x in cp)}/{len(cp)} ETF-days |")

# ---------------------------------------------------------------- T9 / T8: gamma sign
L = load('long-gamma', S)
pair = [s for s in S if s in L]
rv_s = [A[s].summary['realized_vol.SKH'] for s in pair]
rv_l = [L[s].summary['realized_vol.SKH'] for s in pair]
ratio = [a / b for a, b in zip(rv_s, rv_l)]
print(f"| T9 SK hynix stress-day realised vol, short / long gamma ({len(pair)} paired seeds) | ≥ 1.2 | {fmt(ratio)}; short {fmt(rv_s, True)}, long {fmt(rv_l, True)}; ratio ≥ 1.2 in {sum(x >= 1.2 for x in ratio)}/{len(pair)} |")


def r30(r, sym):  # (rest-of-day, last-30-min) log returns on the stress day
    b = r.bars()[(STRESS, sym)]
    p1500 = [c for t, c in b if t <= T_1500][-1]
    prev = float(r.daily[(STRESS - 1, sym)]['close'])
    close = float(r.daily[(STRESS, sym)]['close'])
    return math.log(p1500 / prev), math.log(close / p1500)


def corr(xy):
    if len(xy) < 3:
        return float('nan')
    x, y = zip(*xy)
    return st.correlation(x, y) if len(xy) > 2 and st.pstdev(x) > 0 and st.pstdev(y) > 0 else float('nan')


for lab, R in (('short gamma (as shipped)', {s: A[s] for s in pair}), ('long gamma', {s: L[s] for s in pair})):
    xy = [r30(R[s], x) for s in R for x in NAMES]
    if not xy:
        continue
    print(f"| T8 corr(r_last30, r_rest), stress day, 2 names × seeds, {lab} | > 0; short > long | {corr(xy):+.2f} (mean r_last30 {100 * st.mean(y for _, y in xy):+.2f}%) |")

# ---------------------------------------------------------------- T14 attribution (paired differences)
print('\n| run (stress day, day 2) | Samsung | SK hynix | KOSPI |')
print('|---|---|---|---|')
CF = [('all', 'all agents'), ('no-forced', 'without leveraged-etf, option-dealer, margin-accounts'), ('no-letf', 'without leveraged-etf'),
      ('no-dealer', 'without option-dealer'), ('no-margin', 'without margin-accounts')]
R = {lab: load(lab, S) for lab, _ in CF}  # the seeds of the all-agents runs
for lab, name in CF:
    print(f"| {name} | " + ' | '.join(fmt([R[lab][s].ret(STRESS, x) for s in sorted(R[lab])], True) for x in ('SEC', 'SKH', 'KOSPI')) + ' |')
print('\n| counterfactual − all agents (pp, paired, 95% t interval) | Samsung | SK hynix | KOSPI | seeds |')
print('|---|---|---|---|---|')
for lab, name in CF[1:]:
    both = [s for s in S if s in R[lab]]
    cells = []
    for x in ('SEC', 'SKH', 'KOSPI'):
        m, h, n = tq([R[lab][s].ret(STRESS, x) - A[s].ret(STRESS, x) for s in both])
        cells.append(f'{100 * m:+.1f} ± {100 * h:.1f}')
    print(f"| {name} | " + ' | '.join(cells) + f' | {len(both)} |')

# ---------------------------------------------------------------- T14 against the square-root law
# ΔP/P ≈ Y·σ_D·√(Q/V) (Tóth et al. 2011; docs/model.md §6.3): Q the forced kinds' net sale of the name on the stress
# day (all-agents run), V its calm daily turnover (days 0-1 of the same run), Y and σ_D the model's own impact fit on
# the calm market (Y is in units of the σ_D that fit measured): cascade impact scenarios/korea-calm.yaml --instrument
# SEC|SKH --seeds 6 --fractions 0.005,0.01,0.02,0.05,0.1,0.2 --start 09:10 --max-minutes 240 --set calendar.days=3
# (session 4: SEC δ 0.71 ± 0.18, Y 0.444, σ_D 5.68%; SKH δ 0.58 ± 0.10, Y 0.462, σ_D 3.54%).
Y_FIT = {'SEC': 0.444, 'SKH': 0.462}
SIGMA_D = {'SEC': 0.0568, 'SKH': 0.0354}
FORCED = ('leveraged-etf', 'swap-dealer', 'option-dealer', 'margin-accounts')
print('\n| square-root law, stress day | Q/V (forced net sale / calm daily turnover) | Y·σ_D·√(Q/V) | measured: no-forced − all | measured / estimate |')
print('|---|---|---|---|---|')
for x in NAMES:
    both = [s for s in S if s in R['no-forced']]
    qv, est, eff = [], [], []
    for s in both:
        r = A[s]
        q = r.flow(STRESS, FORCED, (x,), 'sell_value') - r.flow(STRESS, FORCED, (x,), 'buy_value')
        v = st.mean(float(r.daily[(d, x)]['turnover_value']) for d in (0, 1))
        qv.append(q / v)
        est.append(Y_FIT[x] * SIGMA_D[x] * math.sqrt(max(q, 0.0) / v))
        eff.append(R['no-forced'][s].ret(STRESS, x) - r.ret(STRESS, x))
    m_est, m_eff = st.mean(est), st.mean(eff)
    print(f"| {'Samsung' if x == 'SEC' else 'SK hynix'} | {fmt(qv, True)} | {100 * m_est:.2f} pp | {100 * m_eff:+.2f} pp | {m_eff / m_est:.2f} |")
print()
for s in S:
    print('seed', s, 'returns d0..d4 SEC', [round(A[s].ret(d, 'SEC'), 3) for d in range(5)], 'SKH', [round(A[s].ret(d, 'SKH'), 3) for d in range(5)],
          'KOSPI', [round(A[s].ret(d, 'KOSPI'), 3) for d in range(5)])
