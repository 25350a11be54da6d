# Summarise scripts/calibration/calm-facts.sh: each stylized fact per seed (Samsung and SK hynix), the mean over
# seeds, and the daily excess kurtosis pooled over every seed's calm days (a 25-day sample kurtosis is noisy).
import csv, json, math, statistics as st, sys
out = sys.argv[1]
facts = json.load(open(f'{out}/facts.json'))
dirs = sorted(facts)
ids = ['S1', 'S2', 'S3', 'S3b', 'S4', 'S6', 'S7', 'S9', 'S10']
print(f'| fact | target | ' + ' | '.join(f'{s} mean (range)' for s in ('SEC', 'SKH')) + ' | passes (of seeds) |')
print('|---|---|---|---|---|')
for fid in ids:
    row, target, passes = [], '', []
    for sym in ('SEC', 'SKH'):
        vals = []
        for d in dirs:
            f = next(x for x in facts[d]['facts'] if x['id'] == fid)
            target = f['target']
            r = next(x for x in f['results'] if x['instrument'] == sym)
            if r['value'] is not None:
                vals.append(r['value'])
            passes.append(r['pass'])
        row.append(f'{st.mean(vals):.3g} ({min(vals):.3g} – {max(vals):.3g})' if vals else 'n/a')
    ok = sum(1 for p in passes if p)
    print(f'| {fid} | {target} | {row[0]} | {row[1]} | {ok}/{len(passes)} |')
for sym in ('SEC', 'SKH'):
    r = []
    for d in dirs:
        for row in csv.DictReader(open(f'{d}/daily.csv')):
            if row['instrument'] == sym and row['return'] and int(row['day']) > 0:
                r.append(math.log1p(float(row['return'])))
    m = st.mean(r); v = st.pvariance(r)
    k = sum((x - m) ** 4 for x in r) / len(r) / v / v - 3
    print(f'pooled daily excess kurtosis {sym}: {k:.2f} over {len(r)} days; daily sd {math.sqrt(v)*100:.2f}%')
# Closing-auction share of daily volume (trades printed by the closing call auction: aggressor 'auction' after the
# continuous session ends at 15:20), per stock, pooled over seeds and days after the first. Targets: Asian closing
# auctions ≈ 13% of daily volume on average in 2015 (Bloomberg Tradebook, "The 12% rule for Asia's closing
# auctions"), Hong Kong 5-10%, US 7.5% in 2018 (Bogousslavsky & Muravyev 2023); no Korea-only figure was found.
CLOSE_CONTINUOUS_US = (15 * 60 + 20) * 60 * 10**6
for sym in ('SEC', 'SKH'):
    auction = total = 0
    for d in dirs:
        for row in csv.DictReader(open(f'{d}/trades.csv')):
            if row['instrument'] != sym or int(row['day']) == 0:
                continue
            q = int(row['qty'])
            total += q
            if row['aggressor'] == 'auction' and int(row['t_us']) % (86400 * 10**6) >= CLOSE_CONTINUOUS_US:
                auction += q
    print(f'closing-auction share of volume {sym}: {auction / total * 100:.1f}%' if total else f'no trades for {sym}')
