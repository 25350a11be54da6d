# The Shapley table of docs/korea-2026.md ("Shapley attribution") from a `cascade attribute` directory's
# attribution.csv. Usage: python3 scripts/calibration/attribution-table.py DIR/attribution.csv
# Returns and drawdowns in %, forced sales in $M (the directory's reporting currency, USD for korea-2026); mean Shapley
# value [95% t interval over seeds].
import csv, sys

KINDS = ['leveraged-etf', 'option-dealer', 'margin-accounts', 'foreign-seller']
METRICS = [('return.SEC', 'Samsung return'), ('return.SKH', 'SK hynix return'), ('return.REST', 'rest-of-market return'),
           ('index_return', 'KOSPI return'), ('realized_vol.SEC', 'Samsung realised vol'), ('realized_vol.SKH', 'SK hynix realised vol'),
           ('max_drawdown.SEC', 'Samsung max drawdown'), ('max_drawdown.SKH', 'SK hynix max drawdown'),
           ('margin_forced_sale_value.d2', 'forced margin sales at D+2, $M')]
rows = {(r['metric'], r['kind']): r for r in csv.DictReader(open(sys.argv[1]))}


def fmt(metric, v):
    if metric.startswith('margin_'):
        return f'{float(v) / 1e6:.1f}'.replace('-', '−')
    return f'{100 * float(v):+.2f}%'.replace('-', '−')


def cell(metric, kind):
    r = rows[(metric, kind)]
    if r['ci_low'] == '':
        return fmt(metric, r['shapley'])
    return f"{fmt(metric, r['shapley'])} [{fmt(metric, r['ci_low'])}, {fmt(metric, r['ci_high'])}]"


n = rows[('return.SEC', 'leveraged-etf')]['n_seeds']
print(f'| metric (stress day; {n} seeds) | without the four kinds | ' + ' | '.join(KINDS) + ' | sum of the four | all agents |')
print('|---' * (len(KINDS) + 4) + '|')
for m, label in METRICS:
    if (m, 'baseline') not in rows:
        continue
    print(f'| {label} | {fmt(m, rows[(m, "baseline")]["shapley"])} | ' + ' | '.join(cell(m, k) for k in KINDS)
          + f' | {cell(m, "total")} | {fmt(m, rows[(m, "all-agents")]["shapley"])} |')
