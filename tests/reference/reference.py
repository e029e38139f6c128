#!/usr/bin/env python3
"""Independent reference values for the engine, written from torch's documentation.

Run by hand (python3 + numpy, never a runtime dependency):

    python3 tests/reference/reference.py

It rewrites tests/reference/fixtures.json, which tests/unit/reference.test.ts compares with the
TypeScript engine in float64 (relative error <= 1e-12). Nothing here is translated from the
TypeScript sources: every formula follows the documentation cited next to it.

- Optimizers: the pseudo-code on the torch.optim pages (SGD, Adam, AdamW, RMSprop, Adagrad),
  https://pytorch.org/docs/stable/optim.html. "momentum" is SGD(momentum=mu), "nesterov" is
  SGD(momentum=mu, nesterov=True).
- Schedules: torch.optim.lr_scheduler.StepLR, CosineAnnealingLR (closed form), LinearLR (warm-up
  from lr/W to lr over W steps = LinearLR(start_factor=1/W, end_factor=1, total_iters=W-1)).
  The step index plays the role of the scheduler's epoch (scheduler.step() after every batch).
- Layers: torch.nn.Linear (y = x A^T + b; weight (out, in); reset_parameters draws weight and bias
  from U(-sqrt(k), sqrt(k)), k = 1/in_features), CrossEntropyLoss (mean reduction, log-softmax),
  ReLU/LeakyReLU(0.01)/Tanh/Sigmoid/GELU(approximate='tanh') and their derivatives with autograd's
  convention at the kink: relu'(0) = 0 (threshold_backward passes the gradient only where x > 0),
  leaky_relu'(0) = negative_slope (leaky_relu_backward: x > 0 ? grad : grad * slope).
- Data loading: torch.utils.data.DataLoader(shuffle=True, drop_last=False): a fresh permutation
  each epoch, batches of B in permutation order, a smaller last batch when B does not divide N.
- Randomness: the engine's documented generator, sfc32 (Chris Doty-Humphrey's Small Fast Counting
  generator, as specified with PractRand: t = a + b + counter; counter += 1; a = b ^ (b >> 9);
  b = c + (c << 3); c = rotl(c, 21) + t), seeded with three outputs of splitmix32 (the murmur3
  fmix32 finaliser over a Weyl sequence with increment 0x9e3779b9), counter = 1, 12 outputs
  discarded; streams derived from (seed, labels) by 32-bit FNV-1a over the labels' characters,
  with a ',' (0x2c) byte closing each label, finished by splitmix32. Uniform floats are
  uint32 / 2^32, integers in [0, n) by rejection of the top 2^32 mod n values, permutations by
  Durstenfeld's Fisher-Yates (i from n-1 down to 1, j uniform in [0, i]).
"""

import json
import math
import os

import numpy as np

M32 = 0xFFFFFFFF
FNV_PRIME = 0x01000193
FNV_BASIS = 0x811C9DC5


# ---------------------------------------------------------------- randomness


def splitmix32(state):
    state = (state + 0x9E3779B9) & M32
    z = state
    z = ((z ^ (z >> 16)) * 0x85EBCA6B) & M32
    z = ((z ^ (z >> 13)) * 0xC2B2AE35) & M32
    z ^= z >> 16
    return state, z


def derive_seed(seed, *labels):
    h = ((FNV_BASIS ^ seed) * FNV_PRIME) & M32
    for label in labels:
        for ch in str(label):
            h = ((h ^ ord(ch)) * FNV_PRIME) & M32
        h = ((h ^ 0x2C) * FNV_PRIME) & M32
    return splitmix32(h)[1]


class Sfc32:
    def __init__(self, seed):
        s = seed & M32
        s, self.a = splitmix32(s)
        s, self.b = splitmix32(s)
        s, self.c = splitmix32(s)
        self.counter = 1
        for _ in range(12):
            self.next_uint32()

    def next_uint32(self):
        t = (self.a + self.b + self.counter) & M32
        self.counter = (self.counter + 1) & M32
        self.a = self.b ^ (self.b >> 9)
        self.b = (self.c + (self.c << 3)) & M32
        self.c = (((self.c << 21) | (self.c >> 11)) & M32)
        self.c = (self.c + t) & M32
        return t

    def uniform(self):
        return self.next_uint32() / 4294967296.0

    def randint(self, n):
        limit = 4294967296 - (4294967296 % n)
        while True:
            x = self.next_uint32()
            if x < limit:
                return x % n

    def permutation(self, n):
        p = list(range(n))
        for i in range(n - 1, 0, -1):
            j = self.randint(i + 1)
            p[i], p[j] = p[j], p[i]
        return p


def batch_order(n, batch, seed, steps):
    """DataLoader(shuffle=True, drop_last=False) for `steps` batches: index lists."""
    rng = Sfc32(derive_seed(seed, "batches"))
    out = []
    while len(out) < steps:
        perm = rng.permutation(n)
        for start in range(0, n, batch):
            out.append(perm[start : start + batch])
            if len(out) == steps:
                break
    return out


# ---------------------------------------------------------------- schedules


def lr_at(schedule, base, step, total):
    kind = schedule["kind"]
    if kind == "constant":
        return base
    if kind == "step":  # StepLR: lr = base * gamma ** (epoch // step_size)
        return base * schedule["gamma"] ** (step // schedule["stepSize"])
    if kind == "cosine":  # CosineAnnealingLR closed form, T_max = total
        eta_min = schedule["etaMin"]
        return eta_min + (base - eta_min) * (1 + math.cos(math.pi * step / total)) / 2
    if kind == "warmup":  # LinearLR(start_factor=1/W, end_factor=1, total_iters=W-1)
        w = schedule["warmupSteps"]
        if w == 1:
            return base
        start = 1 / w
        factor = start + (1 - start) * min(step, w - 1) / (w - 1)
        return base * factor
    raise ValueError(kind)


# ---------------------------------------------------------------- optimizers

TORCH_DEFAULTS = {
    "sgd": {"weightDecay": 0.0},
    "adam": {"beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "weightDecay": 0.0},
    "adamw": {"beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "weightDecay": 1e-2},
    "rmsprop": {"alpha": 0.99, "eps": 1e-8, "momentum": 0.0, "weightDecay": 0.0},
    "adagrad": {"eps": 1e-10, "weightDecay": 0.0},
}


class TorchOptimizer:
    """One parameter group, the documented algorithm of each torch.optim class."""

    def __init__(self, cfg):
        name = cfg["name"]
        base = TORCH_DEFAULTS["sgd" if name in ("momentum", "nesterov") else name]
        self.h = {**base, **{k: v for k, v in cfg.items() if k not in ("name", "lr")}}
        self.name = name
        self.t = 0
        self.state = {}

    def step(self, theta, grad, lr):
        h = self.h
        lam = h.get("weightDecay", 0.0)
        self.t += 1
        t = self.t
        st = self.state
        name = self.name
        if name in ("sgd", "momentum", "nesterov"):
            g = grad + lam * theta
            mu = h.get("momentum", 0.0)
            if mu != 0:
                if t > 1:
                    st["b"] = mu * st["b"] + g  # dampening 0
                else:
                    st["b"] = g.copy()
                g = g + mu * st["b"] if name == "nesterov" else st["b"]
            return theta - lr * g
        if name == "adam":
            g = grad + lam * theta
            st["m"] = h["beta1"] * st.get("m", 0.0) + (1 - h["beta1"]) * g
            st["v"] = h["beta2"] * st.get("v", 0.0) + (1 - h["beta2"]) * g * g
            m_hat = st["m"] / (1 - h["beta1"] ** t)
            v_hat = st["v"] / (1 - h["beta2"] ** t)
            return theta - lr * m_hat / (np.sqrt(v_hat) + h["eps"])
        if name == "adamw":
            theta = theta - lr * lam * theta
            g = grad
            st["m"] = h["beta1"] * st.get("m", 0.0) + (1 - h["beta1"]) * g
            st["v"] = h["beta2"] * st.get("v", 0.0) + (1 - h["beta2"]) * g * g
            m_hat = st["m"] / (1 - h["beta1"] ** t)
            v_hat = st["v"] / (1 - h["beta2"] ** t)
            return theta - lr * m_hat / (np.sqrt(v_hat) + h["eps"])
        if name == "rmsprop":  # centered = False
            g = grad + lam * theta
            st["v"] = h["alpha"] * st.get("v", 0.0) + (1 - h["alpha"]) * g * g
            denom = np.sqrt(st["v"]) + h["eps"]
            if h["momentum"] > 0:
                st["b"] = h["momentum"] * st.get("b", 0.0) + g / denom
                return theta - lr * st["b"]
            return theta - lr * g / denom
        if name == "adagrad":  # lr_decay = 0, initial_accumulator_value = 0
            clr = lr / (1 + (t - 1) * 0.0)
            g = grad + lam * theta
            st["sum"] = st.get("sum", 0.0) + g * g
            return theta - clr * g / (np.sqrt(st["sum"]) + h["eps"])
        raise ValueError(name)


# ---------------------------------------------------------------- activations (value, derivative)

SQRT_2_OVER_PI = math.sqrt(2 / math.pi)


def act_forward(name, z):
    if name == "relu":
        return np.where(z > 0, z, 0.0)
    if name == "leaky-relu":
        return np.where(z > 0, z, 0.01 * z)
    if name == "tanh":
        return np.tanh(z)
    if name == "sigmoid":
        return 1 / (1 + np.exp(-z))
    if name == "gelu":  # GELU(approximate='tanh')
        return 0.5 * z * (1 + np.tanh(SQRT_2_OVER_PI * (z + 0.044715 * z**3)))
    if name == "linear":
        return z.copy()
    raise ValueError(name)


def act_derivative(name, z):
    if name == "relu":
        return np.where(z > 0, 1.0, 0.0)
    if name == "leaky-relu":
        return np.where(z > 0, 1.0, 0.01)
    if name == "tanh":
        return 1 - np.tanh(z) ** 2
    if name == "sigmoid":
        s = 1 / (1 + np.exp(-z))
        return s * (1 - s)
    if name == "gelu":
        u = SQRT_2_OVER_PI * (z + 0.044715 * z**3)
        du = SQRT_2_OVER_PI * (1 + 3 * 0.044715 * z**2)
        return 0.5 * (1 + np.tanh(u)) + 0.5 * z * (1 - np.tanh(u) ** 2) * du
    if name == "linear":
        return np.ones_like(z)
    raise ValueError(name)


# ---------------------------------------------------------------- the network


def torch_default_init(sizes, seed):
    """nn.Linear.reset_parameters for each layer, drawn from the stream ('init', l):
    weight (out, in) in row-major order, then the bias, each U(-1/sqrt(in), 1/sqrt(in))."""
    layers = []
    for l in range(len(sizes) - 1):
        fan_in, fan_out = sizes[l], sizes[l + 1]
        rng = Sfc32(derive_seed(seed, "init", l))
        bound = 1 / math.sqrt(fan_in)
        draw = lambda: -bound + (bound - -bound) * rng.uniform()
        W = np.array([[draw() for _ in range(fan_in)] for _ in range(fan_out)])
        b = np.array([draw() for _ in range(fan_out)])
        layers.append([W, b])
    return layers


def flatten(layers):
    return np.concatenate([np.concatenate([W.ravel(), b]) for W, b in layers])


def unflatten(theta, sizes):
    out, off = [], 0
    for l in range(len(sizes) - 1):
        fi, fo = sizes[l], sizes[l + 1]
        W = theta[off : off + fi * fo].reshape(fo, fi)
        off += fi * fo
        b = theta[off : off + fo]
        off += fo
        out.append([W, b])
    return out


def forward(layers, act, x):
    zs, acts = [], [x]
    a = x
    for l, (W, b) in enumerate(layers):
        z = a @ W.T + b
        zs.append(z)
        if l < len(layers) - 1:
            a = act_forward(act, z)
            acts.append(a)
    return zs, acts


def cross_entropy(logits, y):
    """CrossEntropyLoss(reduction='mean') and its gradient w.r.t. the logits; accuracy count."""
    B = logits.shape[0]
    m = logits.max(axis=1, keepdims=True)
    lse = m[:, 0] + np.log(np.exp(logits - m).sum(axis=1))
    loss = float(np.mean(lse - logits[np.arange(B), y]))
    p = np.exp(logits - lse[:, None])
    d = p.copy()
    d[np.arange(B), y] -= 1
    correct = int(np.sum(np.argmax(logits, axis=1) == y))
    return loss, d / B, correct


def gradients(layers, act, x, y):
    zs, acts = forward(layers, act, x)
    loss, dz, correct = cross_entropy(zs[-1], y)
    grads = [None] * len(layers)
    for l in range(len(layers) - 1, -1, -1):
        W, _ = layers[l]
        grads[l] = [dz.T @ acts[l], dz.sum(axis=0)]
        if l > 0:
            dz = (dz @ W) * act_derivative(act, zs[l - 1])
    return loss, correct, grads


def evaluate(layers, act, X, y):
    zs, _ = forward(layers, act, X)
    loss, _, correct = cross_entropy(zs[-1], y)
    return loss, correct / len(y)


# ---------------------------------------------------------------- fixtures


def f32(a):
    return [float(v) for v in np.asarray(a, dtype=np.float32).ravel()]


def make_dataset(gen, n_train, n_test, dim, classes, density):
    def split(n):
        X = gen.normal(0, 1.5, size=(n, dim))
        if density < 1:
            X = X * (gen.random(size=(n, dim)) < density)
        X = X.astype(np.float32)
        w = gen.normal(size=(classes, dim))
        y = np.argmax(X.astype(np.float64) @ w.T + 0.3 * gen.normal(size=(n, classes)), axis=1).astype(np.uint8)
        return X, y

    Xtr, ytr = split(n_train)
    Xte, yte = split(n_test)
    return {
        "inputDim": dim,
        "nClasses": classes,
        "trainX": f32(Xtr),
        "trainY": [int(v) for v in ytr],
        "testX": f32(Xte),
        "testY": [int(v) for v in yte],
    }


def optimizer_fixtures(gen):
    P = 7
    theta0 = np.array([0.5, -1.2, 0.0, 2.0, -0.3, 1e-3, 0.75])
    grads = gen.normal(0, 1, size=(5, P))
    grads[:, 2] = 0.0  # a coordinate with no gradient: only weight decay moves it
    grads[2, 4] = 0.0
    configs = [
        {"name": "sgd", "lr": 0.1},
        {"name": "momentum", "lr": 0.1, "momentum": 0.9},
        {"name": "momentum", "lr": 0.05, "momentum": 0.5},
        {"name": "nesterov", "lr": 0.1, "momentum": 0.9},
        {"name": "adam", "lr": 0.1},
        {"name": "adam", "lr": 0.05, "beta1": 0.8, "beta2": 0.95, "eps": 1e-3},
        {"name": "adamw", "lr": 0.1},
        {"name": "adamw", "lr": 0.05, "beta1": 0.8, "beta2": 0.95, "eps": 1e-3},
        {"name": "rmsprop", "lr": 0.01},
        {"name": "rmsprop", "lr": 0.01, "momentum": 0.9},
        {"name": "rmsprop", "lr": 0.01, "alpha": 0.9, "eps": 1e-3},
        {"name": "adagrad", "lr": 0.1},
        {"name": "adagrad", "lr": 0.1, "eps": 1e-3},
    ]
    schedules = [
        {"kind": "constant"},
        {"kind": "step", "stepSize": 2, "gamma": 0.5},
        {"kind": "cosine", "etaMin": 0.001},
        {"kind": "warmup", "warmupSteps": 3},
    ]
    cases = []
    for cfg in configs:
        # without weight decay (adamw: its torch default 0.01 when left out), and with λ = 0.1
        for wd in (None, 0.0, 0.1):
            if wd is None and cfg["name"] != "adamw":
                continue
            c = dict(cfg) if wd is None else {**cfg, "weightDecay": wd}
            for sch in schedules:
                opt = TorchOptimizer(c)
                theta = theta0.copy()
                traj, lrs = [], []
                for t in range(5):
                    lr = lr_at(sch, c["lr"], t, 5)
                    lrs.append(lr)
                    theta = opt.step(theta, grads[t], lr)
                    traj.append([float(v) for v in theta])
                cases.append({"config": c, "schedule": sch, "lrs": lrs, "theta": traj})
    return {"theta0": [float(v) for v in theta0], "grads": grads.tolist(), "totalSteps": 5, "cases": cases}


def schedule_fixtures():
    total = 12
    schedules = [
        {"kind": "constant"},
        {"kind": "step", "stepSize": 3, "gamma": 0.5},
        {"kind": "step", "stepSize": 1, "gamma": 0.9},
        {"kind": "cosine", "etaMin": 0.0},
        {"kind": "cosine", "etaMin": 0.01},
        {"kind": "warmup", "warmupSteps": 1},
        {"kind": "warmup", "warmupSteps": 5},
    ]
    return [{"schedule": s, "baseLr": 0.3, "totalSteps": total, "lrs": [lr_at(s, 0.3, k, total) for k in range(total)]} for s in schedules]


def activation_fixtures(gen):
    z = np.concatenate([[0.0, -0.0, 1e-300, -1e-300, 1e-8, -1e-8, 0.5, -0.5, 1.0, -1.0, 3.0, -3.0, 4.0, -4.0], gen.normal(0, 1.2, 10)])
    da = np.concatenate([[1.0, 1.0, 2.0, 2.0, -1.5, -1.5], gen.normal(0, 1, len(z) - 6)])
    out = {"z": [float(v) for v in z], "da": [float(v) for v in da], "activations": {}}
    for name in ["relu", "leaky-relu", "tanh", "sigmoid", "gelu", "linear"]:
        out["activations"][name] = {
            "forward": [float(v) for v in act_forward(name, z)],
            "backward": [float(v) for v in da * act_derivative(name, z)],
        }
    return out


def experiment(data, cfg, total_steps):
    sizes = [data["inputDim"], *cfg["hidden"], data["nClasses"]]
    Xtr = np.array(data["trainX"]).reshape(-1, data["inputDim"])
    ytr = np.array(data["trainY"])
    Xte = np.array(data["testX"]).reshape(-1, data["inputDim"])
    yte = np.array(data["testY"])
    layers = torch_default_init(sizes, cfg["seed"])
    theta = flatten(layers)
    theta0 = theta.copy()
    opt = TorchOptimizer(cfg["optimizer"])
    batches = batch_order(len(ytr), cfg["batchSize"], cfg["seed"], total_steps)
    eval0 = evaluate(unflatten(theta, sizes), cfg["activation"], Xte, yte)
    losses, lrs, accs = [], [], []
    for t, idx in enumerate(batches):
        loss, correct, grads = gradients(unflatten(theta, sizes), cfg["activation"], Xtr[idx], ytr[idx])
        lr = lr_at(cfg["schedule"], cfg["optimizer"]["lr"], t, total_steps)
        theta = opt.step(theta, flatten(grads), lr)
        losses.append(loss)
        lrs.append(lr)
        accs.append(correct / len(idx))
    eval1 = evaluate(unflatten(theta, sizes), cfg["activation"], Xte, yte)
    return {
        "config": {**cfg, "totalSteps": total_steps, "evalEvery": total_steps, "init": {"scheme": "torch-default"}, "dtype": "float64"},
        "theta0": [float(v) for v in theta0],
        "batches": [list(map(int, b)) for b in batches],
        "losses": losses,
        "lrs": lrs,
        "batchAccuracy": accs,
        "theta": [float(v) for v in theta],
        "evalInitial": {"testLoss": eval0[0], "testAccuracy": eval0[1]},
        "evalFinal": {"testLoss": eval1[0], "testAccuracy": eval1[1]},
    }


def trainer_fixtures(gen):
    # 13 training examples in batches of 4: 4 batches per epoch, the last of 1 (13 mod 4 = 1);
    # test splits of 1203 (2 full chunks of 500 and a last one of 203).
    dense = make_dataset(gen, 13, 1203, 3, 3, 1.0)
    sparse = make_dataset(gen, 13, 1203, 8, 4, 0.25)
    runs = [
        ("dense", {"hidden": [5], "activation": "relu", "optimizer": {"name": "sgd", "lr": 0.5}, "schedule": {"kind": "step", "stepSize": 3, "gamma": 0.7}, "batchSize": 4, "seed": 7}),
        ("dense", {"hidden": [5, 4], "activation": "tanh", "optimizer": {"name": "nesterov", "lr": 0.1, "momentum": 0.9, "weightDecay": 0.01}, "schedule": {"kind": "warmup", "warmupSteps": 6}, "batchSize": 4, "seed": 11}),
        ("dense", {"hidden": [6], "activation": "gelu", "optimizer": {"name": "adam", "lr": 0.05}, "schedule": {"kind": "cosine", "etaMin": 0.001}, "batchSize": 4, "seed": 12345}),
        ("dense", {"hidden": [4], "activation": "sigmoid", "optimizer": {"name": "rmsprop", "lr": 0.01, "weightDecay": 0.05}, "schedule": {"kind": "constant"}, "batchSize": 5, "seed": 3}),
        ("sparse", {"hidden": [6], "activation": "leaky-relu", "optimizer": {"name": "adagrad", "lr": 0.1, "weightDecay": 0.02}, "schedule": {"kind": "step", "stepSize": 5, "gamma": 0.5}, "batchSize": 4, "seed": 99}),
        ("sparse", {"hidden": [5], "activation": "relu", "optimizer": {"name": "adamw", "lr": 0.02}, "schedule": {"kind": "warmup", "warmupSteps": 3}, "batchSize": 6, "seed": 2024}),
    ]
    data = {"dense": dense, "sparse": sparse}
    return {"datasets": data, "runs": [{"dataset": d, **experiment(data[d], cfg, 20)} for d, cfg in runs]}


def rng_fixtures():
    out = []
    for seed, labels in [(0, []), (1, ["batches"]), (42, ["init", 0]), (4294967295, ["init", 3])]:
        s = derive_seed(seed, *labels)
        rng = Sfc32(s)
        out.append({"seed": seed, "labels": labels, "derived": s, "uint32": [rng.next_uint32() for _ in range(8)]})
    perms = []
    for n, seed in [(1, 5), (2, 5), (10, 1), (13, 7)]:
        rng = Sfc32(seed)
        perms.append({"n": n, "seed": seed, "first": rng.permutation(n), "second": rng.permutation(n)})
    return {"streams": out, "permutations": perms}


def main():
    gen = np.random.default_rng(20251206)
    fixtures = {
        "about": "generated by tests/reference/reference.py from torch's documented algorithms; do not edit by hand",
        "rng": rng_fixtures(),
        "schedules": schedule_fixtures(),
        "optimizers": optimizer_fixtures(gen),
        "activations": activation_fixtures(gen),
        "trainer": trainer_fixtures(gen),
    }
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures.json")
    with open(path, "w") as f:
        json.dump(fixtures, f, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
