# Reference for tests/unit/mutation/cvd-series-hover-pinned.test.ts (run by hand:
# python3 tests/reference/ciede2000.py). CIEDE2000 written from Sharma, Wu & Dalal (2005), "The
# CIEDE2000 color-difference formula: implementation notes, supplementary test data, and
# mathematical observations", eqs. (1)-(22); its output is checked here against the paper's table
# (Table 1, ΔE00 to 4 decimals) for the pairs the test uses. Also CIE L*a*b* (D65) of linear sRGB.
from math import atan2, cos, degrees, exp, hypot, radians, sin, sqrt

def ciede2000(l1, l2):
    L1, a1, b1 = l1; L2, a2, b2 = l2
    C1, C2 = hypot(a1, b1), hypot(a2, b2)
    Cb = (C1 + C2) / 2
    G = 0.5 * (1 - sqrt(Cb**7 / (Cb**7 + 25**7)))
    a1p, a2p = (1 + G) * a1, (1 + G) * a2
    C1p, C2p = hypot(a1p, b1), hypot(a2p, b2)
    h = lambda b, a: 0.0 if a == 0 and b == 0 else degrees(atan2(b, a)) % 360
    h1p, h2p = h(b1, a1p), h(b2, a2p)
    dLp, dCp = L2 - L1, C2p - C1p
    if C1p * C2p == 0: dhp = 0.0
    elif abs(h2p - h1p) <= 180: dhp = h2p - h1p
    elif h2p - h1p > 180: dhp = h2p - h1p - 360
    else: dhp = h2p - h1p + 360
    dHp = 2 * sqrt(C1p * C2p) * sin(radians(dhp) / 2)
    Lbp, Cbp = (L1 + L2) / 2, (C1p + C2p) / 2
    if C1p * C2p == 0: hbp = h1p + h2p
    elif abs(h1p - h2p) <= 180: hbp = (h1p + h2p) / 2
    elif h1p + h2p < 360: hbp = (h1p + h2p + 360) / 2
    else: hbp = (h1p + h2p - 360) / 2
    T = 1 - 0.17*cos(radians(hbp - 30)) + 0.24*cos(radians(2*hbp)) + 0.32*cos(radians(3*hbp + 6)) - 0.20*cos(radians(4*hbp - 63))
    dtheta = 30 * exp(-((hbp - 275) / 25)**2)
    RC = 2 * sqrt(Cbp**7 / (Cbp**7 + 25**7))
    SL = 1 + 0.015 * (Lbp - 50)**2 / sqrt(20 + (Lbp - 50)**2)
    SC = 1 + 0.045 * Cbp
    SH = 1 + 0.015 * Cbp * T
    RT = -sin(radians(2 * dtheta)) * RC
    return sqrt((dLp/SL)**2 + (dCp/SC)**2 + (dHp/SH)**2 + RT * (dCp/SC) * (dHp/SH))

# (pair number, lab 1, lab 2, ΔE00 from the paper's Table 1)
PAIRS = [
    (4, (50, -1.3802, -84.2814), (50, 0, -82.7485), 1.0000),
    (8, (50, -1, 2), (50, 0, 0), 2.3669),
    (9, (50, 2.49, -0.001), (50, -2.49, 0.0009), 7.1792),
    (10, (50, 2.49, -0.001), (50, -2.49, 0.0010), 7.1792),
    (12, (50, 2.49, -0.001), (50, -2.49, 0.0012), 7.2195),
    (13, (50, -0.001, 2.49), (50, 0.0009, -2.49), 4.8045),
    (14, (50, -0.001, 2.49), (50, 0.0010, -2.49), 4.8045),
    (15, (50, -0.001, 2.49), (50, 0.0011, -2.49), 4.7461),
    (16, (50, 2.5, 0), (50, 0, -2.5), 4.3065),
    (19, (50, 2.5, 0), (56, -27, -3), 31.9030),
    (20, (50, 2.5, 0), (58, 24, 15), 19.4535),
    (22, (50, 2.5, 0), (50, 3.2972, 0), 1.0000),
]
for n, p, q, want in PAIRS:
    got = ciede2000(p, q)
    back = ciede2000(q, p)
    print(f'pair {n:2d}: {got:.4f} (paper {want:.4f}, {"ok" if round(got, 4) == want else "DIFFERS"}); reversed {back:.4f}')

def lab(rgb):
    r, g, b = rgb
    X = (0.4124564*r + 0.3575761*g + 0.1804375*b) / 0.95047
    Y = 0.2126729*r + 0.7151522*g + 0.0721750*b
    Z = (0.0193339*r + 0.1191920*g + 0.9503041*b) / 1.08883
    f = lambda t: t ** (1/3) if t > (6/29)**3 else t / (3 * (6/29)**2) + 4/29
    return (116*f(Y) - 16, 500*(f(X) - f(Y)), 200*(f(Y) - f(Z)))
print('lab grey 0.2:', lab((0.2, 0.2, 0.2)))
print('lab dark 0.001:', lab((0.001, 0.001, 0.001)), '(CIE: L = 903.3 Y below 0.008856)')
print('lab dark red 0.002:', lab((0.002, 0, 0)))
lin = lambda c: (c/255)/12.92 if c/255 <= 0.04045 else ((c/255 + 0.055)/1.055)**2.4
print('linear #010101:', lin(1), 'linear #0a0a0a:', lin(10))
