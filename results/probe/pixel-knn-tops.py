import gzip, numpy as np
def load(p, off):
    with gzip.open(p) as f: return np.frombuffer(f.read(), np.uint8, offset=off)
X = load('/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz', 16).reshape(-1, 784).astype(np.float32)
y = load('/usr/share/datasets/fashion-mnist/t10k-labels-idx1-ubyte.gz', 8)
def ink_eq(X):
    out = np.zeros_like(X)
    for i in range(len(X)):
        x = X[i]; m = x > 0
        v = x[m]
        # rank of each ink pixel's value among the ink pixels -> (0, 255]
        order = np.searchsorted(np.sort(v), v, side='right') / len(v)
        out[i, m] = order * 255
    return out
def agreement(F, k=20):
    F = F - F.mean(1, keepdims=True) * 0
    F = F / np.linalg.norm(F, axis=1, keepdims=True)
    S = F @ F.T
    np.fill_diagonal(S, -np.inf)
    nn = np.argpartition(-S, k, axis=1)[:, :k]
    agree = (y[nn] == y[:, None])
    tops = np.isin(y, [2, 4, 6])
    return agree.mean(), agree[tops].mean(), agree[~tops].mean()
print('raw      all/tops/rest %.3f %.3f %.3f' % agreement(X))
E = ink_eq(X)
print('ink-eq   all/tops/rest %.3f %.3f %.3f' % agreement(E))
Z = (X - X.mean(1, keepdims=True)) / (X.std(1, keepdims=True) + 1e-6)
print('per-image standardised %.3f %.3f %.3f' % agreement(Z))
M = (X > 0).astype(np.float32)
print('ink mask %.3f %.3f %.3f' % agreement(M))
G = np.sqrt(X / 255.0)
print('sqrt gamma %.3f %.3f %.3f' % agreement(G))
# an outline map: Sobel gradients of the image (2026-11-28)
P = np.pad(X.reshape(-1, 28, 28), ((0, 0), (1, 1), (1, 1)))
gx = (P[:,1:-1,2:] - P[:,1:-1,:-2])*2 + (P[:,:-2,2:] - P[:,:-2,:-2]) + (P[:,2:,2:] - P[:,2:,:-2])
gy = (P[:,2:,1:-1] - P[:,:-2,1:-1])*2 + (P[:,2:,:-2] - P[:,:-2,:-2]) + (P[:,2:,2:] - P[:,:-2,2:])
mag = np.sqrt(gx**2 + gy**2).reshape(len(X), -1)
print('sobel mag %.3f %.3f %.3f' % agreement(mag))
print('sobel gx,gy %.3f %.3f %.3f' % agreement(np.concatenate([gx.reshape(len(X), -1), gy.reshape(len(X), -1)], 1)))
print('raw+sobel mag %.3f %.3f %.3f' % agreement(np.concatenate([X / 255, mag / 255], 1)))
