# Ridge against a small MLP (64 hidden units, Adam) on the depth-masked one-hot encoding of the
# archs a search measured, as core/search/accuracy_predictor.h fits it: held-out Kendall tau and
# RMSE over 3 seeded 75/25 splits (issue 25: which regressor predicts better).
# usage: python3 bench/predictor_mlp_vs_ridge.py PROJECT.h4h.d/search/state-*.log  (needs python3-torch)
import json, glob, sys, random
import torch
torch.set_num_threads(1)
def load(path):
    acc = {}
    for line in open(path).read().split('\n')[1:]:
        if not line.strip(): continue
        r = json.loads(line.split(' ', 2)[2])
        ev = r.get('evaluations', {})
        for k, m in (ev.items() if isinstance(ev, dict) else ev):
            if 'accuracy' in m and not m.get('accuracy_predicted'): acc[k] = m['accuracy']
    return acc
def tokens(key):
    out = set()
    for i, seg in enumerate(key.split('_')):
        parts = seg.split(':')
        out.add(f'{i}.head={parts[0]}')
        if len(parts) > 1:
            blocks = parts[1].split('/')
            for b, blk in enumerate(blocks):
                for l, layer in enumerate(blk.split(',')):
                    out.add(f'{i}.{b}.{l}={layer}')
    return out
def tau(x, y):
    c = d = 0
    for i in range(len(x)):
        for j in range(i + 1, len(x)):
            s = (x[i] - x[j]) * (y[i] - y[j])
            c += s > 0; d += s < 0
    return (c - d) / max(1, c + d)
acc = load(sys.argv[1])
keys = sorted(acc)
vocab = sorted(set().union(*[tokens(k) for k in keys]))
idx = {t: i for i, t in enumerate(vocab)}
X = torch.zeros(len(keys), len(vocab), dtype=torch.float64)
for r, k in enumerate(keys):
    for t in tokens(k): X[r, idx[t]] = 1
y = torch.tensor([acc[k] for k in keys], dtype=torch.float64)
def ridge(Xt, yt, lam):
    mx, my = Xt.mean(0), yt.mean()
    A = (Xt - mx).T @ (Xt - mx) + lam * torch.eye(Xt.shape[1], dtype=Xt.dtype)
    w = torch.linalg.solve(A, (Xt - mx).T @ (yt - my))
    return lambda Z: (Z - mx) @ w + my
def mlp(Xt, yt, seed):
    torch.manual_seed(seed)
    net = torch.nn.Sequential(torch.nn.Linear(Xt.shape[1], 64), torch.nn.ReLU(), torch.nn.Linear(64, 1)).double()
    opt = torch.optim.Adam(net.parameters(), lr=1e-2, weight_decay=1e-3)
    my, sy = yt.mean(), yt.std()
    for _ in range(400):
        opt.zero_grad(); loss = ((net(Xt).squeeze(1) - (yt - my) / sy) ** 2).mean(); loss.backward(); opt.step()
    return lambda Z: net(Z).squeeze(1).detach() * sy + my
res = {'ridge': [], 'mlp': []}
for seed in (1, 2, 3):
    rng = random.Random(seed); order = list(range(len(keys))); rng.shuffle(order)
    h = round(0.25 * len(keys)); te, tr = order[:h], order[h:]
    best = min((0.01, 0.03, 0.1, 0.3, 1, 3, 10, 30), key=lambda lam: sum(
        float(((ridge(X[[tr[i] for i in range(len(tr)) if i % 5 != f]], y[[tr[i] for i in range(len(tr)) if i % 5 != f]], lam)(
            X[[tr[i] for i in range(len(tr)) if i % 5 == f]]) - y[[tr[i] for i in range(len(tr)) if i % 5 == f]]) ** 2).sum())
        for f in range(5)))
    for name, model in (('ridge', ridge(X[tr], y[tr], best)), ('mlp', mlp(X[tr], y[tr], seed))):
        p = model(X[te])
        rmse = float(((p - y[te]) ** 2).mean().sqrt()) * 100
        res[name].append((tau(p.tolist(), y[te].tolist()), rmse))
for name, r in res.items():
    print(f'{name}: ' + ', '.join(f'seed {i+1}: tau {t:.3f} RMSE {e:.2f} pts' for i, (t, e) in enumerate(r)))
print(f'{len(keys)} archs, {len(vocab)} features')
