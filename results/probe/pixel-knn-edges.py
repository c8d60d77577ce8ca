import gzip, numpy as np
def load(p, off):
    with gzip.open(p) as f: return np.frombuffer(f.read(), np.uint8, offset=off)
X = load('/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz', 16).reshape(-1, 28, 28).astype(np.float32) / 255
y = load('/usr/share/datasets/fashion-mnist/t10k-labels-idx1-ubyte.gz', 8)
def agreement(F, k=20):
    F = F.reshape(len(F), -1)
    F = F / (np.linalg.norm(F, axis=1, keepdims=True) + 1e-9)
    S = F @ F.T
    np.fill_diagonal(S, -np.inf)
    nn = np.argpartition(-S, k, axis=1)[:, :k]
    agree = (y[nn] == y[:, None])
    tops = np.isin(y, [2, 4, 6])
    return agree.mean(), agree[tops].mean(), agree[~tops].mean()
P = np.pad(X, ((0,0),(1,1),(1,1)))
gx = (P[:,1:-1,2:] - P[:,1:-1,:-2])*2 + (P[:,:-2,2:] - P[:,:-2,:-2]) + (P[:,2:,2:] - P[:,2:,:-2])
gy = (P[:,2:,1:-1] - P[:,:-2,1:-1])*2 + (P[:,2:,:-2] - P[:,:-2,:-2]) + (P[:,2:,2:] - P[:,:-2,2:])
mag = np.sqrt(gx**2 + gy**2)
print('raw        all/tops/rest %.3f %.3f %.3f' % agreement(X))
print('sobel mag  all/tops/rest %.3f %.3f %.3f' % agreement(mag))
print('gx,gy      all/tops/rest %.3f %.3f %.3f' % agreement(np.concatenate([gx.reshape(len(X),-1), gy.reshape(len(X),-1)],1)))
print('raw+mag    all/tops/rest %.3f %.3f %.3f' % agreement(np.concatenate([X.reshape(len(X),-1), mag.reshape(len(X),-1)],1)))
