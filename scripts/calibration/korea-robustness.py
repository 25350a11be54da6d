# Summarise /tmp/robust (scripts/calibration/korea-robustness.sh) against the calibrated runs /tmp/seeds/all-<seed>
# (scripts/calibration/korea-seeds.sh): the Robustness table of docs/korea-2026.md.
# Usage: python3 scripts/calibration/korea-robustness.py [seeds=5]. Stress day = day 2; money in USD at ₩1,380.
import csv, statistics as st, sys

N = int(sys.argv[1]) if len(sys.argv) > 1 else 5
FX = 1380.0
STRESS = 2
NAMES = ('SEC', 'SKH')
LETF_KINDS = ('leveraged-etf', 'swap-dealer')
VARIANTS = [('aum2', 'LETF AUM ×2'), ('lev3', 'SK hynix swap fund at L = 3'), ('maint160', 'margin maintenance 160%'),
            ('gammaflip', 'dealers long gamma (sign flipped)')]


def rows(path):
    with open(path) as f:
        return list(csv.DictReader(f))


class Run:
    def __init__(self, path):
        self.daily = {(int(r['day']), r['instrument']): r for r in rows(f'{path}/daily.csv')}
        self.flows = rows(f'{path}/flows.csv')
        self.metrics = [(int(r['day']), r['name'], float(r['value'])) for r in rows(f'{path}/metrics.csv')]
        self.events = rows(f'{path}/market_events.csv')

    def ret(self, day, sym):
        return float(self.daily[(day, sym)]['return'])

    def letf_sell(self, day):  # the funds' own trades and the swap dealers' hedges in the two names, net sold (won)
        f = [r for r in self.flows if int(r['day']) == day and r['kind'] in LETF_KINDS and r['instrument'] in NAMES]
        return sum(float(r['sell_value']) - float(r['buy_value']) for r in f)

    def min_nav(self):
        return min(v for _, n, v in self.metrics if n.startswith('nav.'))

    def forced_sales(self):  # margin forced sales over the five days, both names (won)
        return sum(v for _, n, v in self.metrics if n.startswith('margin_forced_sale_value.'))

    def limit_closes(self):
        out = []
        for day, sym in self.daily:
            if sym not in NAMES:
                continue
            lim = [e['detail'] for e in self.events if e['kind'] == 'limits-set' and int(e['day']) == day and e['instrument'] == sym]
            if not lim:
                continue
            kv = dict(x.split('=') for x in lim[-1].split())
            c = float(self.daily[(day, sym)]['close'])
            if c <= float(kv['lower']) or c >= float(kv['upper']):
                out.append(f'{sym} d{day}')
        return out


def load(path):
    try:
        return Run(path)
    except FileNotFoundError:
        return None


base = {s: load(f'/tmp/seeds/all-{s}') for s in range(1, N + 1)}
print('| variation (seeds) | stress-day return SEC / SKH, mean [min, max] | LETF net selling, stress day, $B (× calibrated) | margin forced sales, 5 days, $M (calibrated) | least NAV per share, ₩ | closes at a daily limit |')
print('|---|---|---|---|---|---|')
for v, label in VARIANTS:
    runs = {s: load(f'/tmp/robust/{v}-{s}') for s in range(1, N + 1)}
    seeds = [s for s in runs if runs[s] is not None and base[s] is not None]
    if not seeds:
        print(f'| {label} | not run | | | | |')
        continue
    R = [runs[s] for s in seeds]
    B = [base[s] for s in seeds]
    rets = ' / '.join(f'{100 * st.mean(r.ret(STRESS, x) for r in R):.1f}% [{100 * min(r.ret(STRESS, x) for r in R):.1f}, {100 * max(r.ret(STRESS, x) for r in R):.1f}]' for x in NAMES)
    letf = st.mean(r.letf_sell(STRESS) for r in R) / FX / 1e9
    letf_b = st.mean(b.letf_sell(STRESS) for b in B) / FX / 1e9
    fs = st.mean(r.forced_sales() for r in R) / FX / 1e6
    fs_b = st.mean(b.forced_sales() for b in B) / FX / 1e6
    nav = min(r.min_nav() for r in R)
    locks = [f's{s}: {", ".join(runs[s].limit_closes())}' for s in seeds if runs[s].limit_closes()]
    print(f'| {label} ({len(seeds)}) | {rets} | {letf:.2f} ({letf / letf_b:.2f}×) | {fs:.0f} ({fs_b:.0f}) | {nav:,.0f} | {"; ".join(locks) or "none"} |')
