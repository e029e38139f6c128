# Reference for tests/unit/mutation/hist-notes-pinned.test.ts (run by hand: python3 tests/reference/lab_shades.py).
# d3-color's CIELAB (D50, Bradford-adapted sRGB matrices as in d3-color's lab.js) and
# interpolateLab (linear in L, a, b), re-implemented from d3-color's lab.js (its constants and steps), to pin
# plot/hist.ts layerShade. Each interpolateLab result is a CSS rgb() string: channels rounded.
Xn, Yn, Zn = 0.96422, 1, 0.82521
t0, t1 = 4/29, 6/29
t2, t3 = 3*t1*t1, t1**3
def rgb2lrgb(x):
    x /= 255
    return x/12.92 if x <= 0.04045 else ((x+0.055)/1.055)**2.4
def xyz2lab(t): return t**(1/3) if t > t3 else t/t2 + t0
def to_lab(r, g, b):
    r, g, b = rgb2lrgb(r), rgb2lrgb(g), rgb2lrgb(b)
    y = xyz2lab((0.2225045*r + 0.7168786*g + 0.0606169*b)/Yn)
    if r == g == b: x = z = y
    else:
        x = xyz2lab((0.4360747*r + 0.3850649*g + 0.1430804*b)/Xn)
        z = xyz2lab((0.0139322*r + 0.0971045*g + 0.7141733*b)/Zn)
    return (116*y - 16, 500*(x-y), 200*(y-z))
def lab2xyz(t): return t**3 if t > t1 else t2*(t-t0)
def lrgb2rgb(x): return 255*(12.92*x if x <= 0.0031308 else 1.055*x**(1/2.4) - 0.055)
def to_rgb(l, a, b):
    y = (l+16)/116; x = y + a/500; z = y - b/200
    x, y, z = Xn*lab2xyz(x), Yn*lab2xyz(y), Zn*lab2xyz(z)
    ch = [lrgb2rgb(3.1338561*x - 1.6168667*y - 0.4906146*z), lrgb2rgb(-0.9787684*x + 1.9161415*y + 0.0334540*z), lrgb2rgb(0.0719453*x - 0.2289914*y + 1.4052427*z)]
    import math
    return tuple(max(0, min(255, math.floor(c + 0.5))) for c in ch)  # JS Math.round
def interp(c1, c2, t):
    A, B = to_lab(*c1), to_lab(*c2)
    return to_rgb(*[p + (q-p)*t for p, q in zip(A, B)])
def hexrgb(h): return tuple(int(h[i:i+2], 16) for i in (1, 3, 5))
for base in ['#0072B2', '#E69F00']:
    c = hexrgb(base)
    dark = interp(c, (0,0,0), 0.4); light = interp(c, (255,255,255), 0.35)
    print(base, 'dark', dark, 'light', light, 'mid', interp(dark, light, 0.5), 'third', interp(dark, light, 1/3))
