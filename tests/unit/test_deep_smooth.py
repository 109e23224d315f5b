"""models.deep_smooth (Du et al. 2018b, arXiv:1811.03804 v4): the kernel K^(H) of Definition 5.1 against an
independent quadrature (scipy dblquad), the finite-width Gram G^(H) of eq. 13 against K^(H) by Monte Carlo, the
closed-form gradients against autograd, and the input checks."""

import math

import pytest
import torch
from scipy import integrate, stats

from models import data, deep_smooth, deep_smooth_net, two_layer
from models.checks import InvalidInputError

SMOOTH = deep_smooth.SMOOTH
F64 = torch.float64


def _gen(seed: int = 0) -> torch.Generator:
    return torch.Generator().manual_seed(seed)


def _literal_recursion(X, depth, name, nodes=256):
    """Definition 5.1 computed literally: every level by the 2-D Gauss–Hermite rule under the general 2×2 blocks
    (no unit-diagonal shortcut), the last expectation under the block of K^(H−1). Returns [K^(0), .., K^(H)]."""
    act = deep_smooth.get_activation(name)
    K = [X @ X.T]
    for _ in range(depth - 1):
        K.append(act.c_sigma * deep_smooth.pair_expectation(K[-1], act.sigma, nodes=nodes))
    K.append(K[-1] * act.c_sigma * deep_smooth.pair_expectation(K[-1], act.derivative, nodes=nodes))
    return K


@pytest.mark.parametrize("name", (*SMOOTH, "quadratic"))
def test_c_sigma_against_scipy_quad(name):
    sigma = deep_smooth.get_activation(name).sigma
    second_moment, err = integrate.quad(
        lambda z: float(sigma(torch.tensor(z, dtype=F64))) ** 2 * math.exp(-z * z / 2) / math.sqrt(2 * math.pi),
        -math.inf,
        math.inf,
        epsabs=1e-14,
    )
    assert abs(deep_smooth.c_sigma(name) * second_moment - 1) <= 1e-12 + err  # quad's own error estimate
    assert deep_smooth.c_sigma("relu") == 2.0


BLOCKS = [(1.0, 1.0, 0.3), (1.3, 0.7, -0.4), (1.0, 1.0, 0.999), (0.5, 2.0, 0.9)]


def _sigmoid(z):
    return 1 / (1 + math.exp(-z)) if z >= 0 else math.exp(z) / (1 + math.exp(z))


#: σ and σ′ written independently of models/ (plain floats, for scipy)
SCALAR = {
    "softplus": (lambda z: max(z, 0) + math.log1p(math.exp(-abs(z))), _sigmoid),
    "tanh": (math.tanh, lambda z: 1 - math.tanh(z) ** 2),
    "sigmoid": (_sigmoid, lambda z: _sigmoid(z) * (1 - _sigmoid(z))),
}


@pytest.mark.parametrize("name", SMOOTH)
@pytest.mark.parametrize("which", [0, 1], ids=["sigma", "derivative"])
def test_pair_expectation_against_dblquad(name, which):
    """The 2-D Gauss–Hermite rule of Definition 5.1's expectations against scipy.integrate.dblquad (adaptive
    Gauss–Kronrod) of f(u)f(v)φ(z₁)φ(z₂) with u = √a z₁, v = (c/√a) z₁ + √(b − c²/a) z₂ over [−10, 10]² (the
    standard normal mass outside is < 1e-22), for blocks [[a, c], [c, b]] including a near-singular one."""
    f = SCALAR[name][which]
    for a, b, c in BLOCKS:
        K = torch.tensor([[a, c], [c, b]], dtype=F64)
        fn = getattr(deep_smooth.get_activation(name), ("sigma", "derivative")[which])
        rule = float(deep_smooth.pair_expectation(K, fn, nodes=256)[0, 1])
        al, be = c / math.sqrt(a), math.sqrt(b - c * c / a)

        def integrand(z2, z1, al=al, be=be, a=a):
            weight = math.exp(-(z1 * z1 + z2 * z2) / 2) / (2 * math.pi)
            return f(math.sqrt(a) * z1) * f(al * z1 + be * z2) * weight

        ref, err = integrate.dblquad(integrand, -10, 10, -10, 10, epsabs=1e-13, epsrel=1e-13)
        assert abs(rule - ref) <= 1e-11 + err, (a, b, c, rule, ref, err)  # dblquad's error estimate + 1e-11


@pytest.mark.parametrize("name", (*SMOOTH, "quadratic"))
def test_dual_series_against_pair_quadrature(name):
    """F(ρ) = c_σE[σ(u)σ(v)] and F′(ρ) = c_σE[σ′(u)σ′(v)] by Mehler's series against the 2-D rule at 256 nodes
    (its error < 1e-13 for these integrands), over ρ ∈ [−1, 1]: within the series' Parseval tail + 1e-13."""
    rho = torch.linspace(-1, 1, 21, dtype=F64)
    K = torch.stack([torch.stack([torch.ones_like(rho), rho]), torch.stack([rho, torch.ones_like(rho)])]).permute(
        2, 0, 1
    )
    act, series = deep_smooth.get_activation(name), deep_smooth.dual_series(name)
    value, slope = deep_smooth.dual(rho, name)
    ref_value = act.c_sigma * deep_smooth.pair_expectation(K, act.sigma, nodes=256)[:, 0, 1]
    ref_slope = act.c_sigma * deep_smooth.pair_expectation(K, act.derivative, nodes=256)[:, 0, 1]
    assert (value - ref_value).abs().max() <= series.value_tail + 1e-13
    assert (slope - ref_slope).abs().max() <= series.slope_tail + 1e-13


@pytest.mark.parametrize("name", (*SMOOTH, "quadratic"))
@pytest.mark.parametrize("depth", [1, 2, 4])
def test_ntk_gram_against_literal_recursion(name, depth):
    """ntk_gram (series, unit diagonals) against Definition 5.1 computed literally with general 2×2 blocks,
    within the a priori bound ntk_gram_error (+1e-12 for the 256-node reference); the bound is below the
    public promise 1e-10; the literal recursion keeps diag K^(h) = 1 for h < H without being told."""
    X = data.sphere(6, 3, generator=_gen(depth))
    levels = _literal_recursion(X, depth, name)
    bound = deep_smooth.ntk_gram_error(3, depth, name)
    assert bound < 1e-10
    assert (deep_smooth.ntk_gram(X, depth, name) - levels[-1]).abs().max() <= bound + 1e-12
    for K in levels[1:-1]:
        assert (K.diagonal() - 1).abs().max() <= 1e-12
    for K in deep_smooth.kernels(X, depth, name)["K"][:-1]:
        assert (K.diagonal() - 1).abs().max() <= bound


def test_relu_depth_one_is_twice_h_infinity():
    """With ReLU, c_σ = 2 and K^(1) = c_σ K^(0) ⊙ E[1{u>0}1{v>0}] = 2H∞ of Du et al. 2018a."""
    X = data.sphere(9, 4, generator=_gen(1))
    K = deep_smooth.ntk_gram(X, 1, "relu")
    assert (K - 2 * two_layer.h_infinity(X)).abs().max() <= deep_smooth.ntk_gram_error(4, 1, "relu")


def test_quadratic_closed_form_and_rank():
    """σ = z²: c_σ = 1/3, K^(h) = (K_iiK_jj + 2K_ij²)/3 = (1 + 2K²)/3 and K^(H) = (4/3)(K^(H−1))²; on the circle
    its rank is the feature dimension 2^H + 1, so n = 2^H + 2 points make it singular."""
    for depth in (1, 2, 3):
        n = deep_smooth.quadratic_feature_dimension(2, depth) + 1
        X = data.sphere(n, 2, generator=_gen(depth))
        K = X @ X.T
        for _ in range(depth - 1):
            K = (1 + 2 * K**2) / 3
        K = 4 * K**2 / 3
        ours = deep_smooth.ntk_gram(X, depth, "quadratic")
        assert (ours - K).abs().max() <= deep_smooth.ntk_gram_error(2, depth, "quadratic")
        assert int(torch.linalg.matrix_rank(ours, hermitian=True)) == n - 1
    assert [deep_smooth.quadratic_feature_dimension(2, h) for h in (1, 2, 3)] == [3, 5, 9]
    assert [deep_smooth.quadratic_feature_dimension(3, h) for h in (1, 2, 3)] == [6, 15, 45]


@pytest.mark.parametrize("cap", [10**6, 10**30])
def test_a_capped_feature_dimension_is_the_exact_one_or_the_cap_and_returns_at_once(cap):
    """The cost estimate's min(C(2^H + d − 1, d − 1), cap): the exact value wherever it is below the cap, the cap
    above it, and no exact binomial of a 2^H-sized number (H = 10⁵, d = 10¹² did not finish, found by the fuzz)."""
    for d in (1, 2, 3, 10, 60, 1000):
        for depth in (1, 2, 3, 10, 19, 20, 21, 99, 100, 101, 150):
            exact = deep_smooth.quadratic_feature_dimension(d, depth)
            assert deep_smooth.quadratic_feature_dimension(d, depth, cap=cap) == min(exact, cap), (d, depth)
    for d, depth in ((10**12, 10**5), (10**6, 99), (10**12, 3), (3, 10**5)):
        assert deep_smooth.quadratic_feature_dimension(d, depth, cap=cap) == cap


def test_quadratic_kernel_polynomial_closed_form():
    """p_1 = (4/3)ρ², p_2 = (4/3)((1 + 2ρ²)/3)² = 4/27 + 16ρ²/27 + 16ρ⁴/27 (exact fractions)."""
    from fractions import Fraction as Fr

    assert deep_smooth.quadratic_kernel_polynomial(1) == (0, 0, Fr(4, 3))
    assert deep_smooth.quadratic_kernel_polynomial(2) == (Fr(4, 27), 0, Fr(16, 27), 0, Fr(16, 27))
    assert len(deep_smooth.quadratic_kernel_polynomial(3)) == 9


@pytest.mark.parametrize(("d", "depth"), [(2, 1), (2, 3), (3, 2), (4, 2)])
def test_quadratic_certificate_reproduces_the_kernel_with_fewer_features(d, depth):
    """K^(H) of z² equals M A Mᵀ (M: the D degree-2^H monomials) within the kernel's error bound plus the
    certificate's allowance, with D = quadratic_feature_dimension < n; a smooth kernel is not reproduced."""
    n = deep_smooth.quadratic_feature_dimension(d, depth) + 2
    X = data.sphere(n, d, generator=_gen(d + depth), batch=(3,))
    P, allowance, D = deep_smooth.quadratic_certificate(X, depth)
    error = deep_smooth.ntk_gram_error(d, depth, "quadratic")
    assert n - 2 == D
    assert ((deep_smooth.ntk_gram(X, depth, "quadratic") - P).abs() <= error + allowance).all()
    assert (allowance.max() + error) < 1e-10
    assert ((deep_smooth.ntk_gram(X, depth, "softplus") - P).abs() > error + allowance).any()


def _gram_samples(X, depth, name, m, nets, *, full=False, chunk=16):
    """G^(H) (or the all-layer Gram) of ``nets`` independent nets at width m, in batches of ``chunk``."""
    gram = deep_smooth_net.ntk if full else deep_smooth_net.last_layer_gram
    g = _gen(m + depth)
    draws = [deep_smooth_net.init(X.shape[1], m, depth, generator=g, batch=(chunk,)) for _ in range(nets // chunk)]
    return torch.cat([gram(X, net, name) for net in draws])


def _clt_bound(samples_se: torch.Tensor, nets: int, alpha: float = 1e-6) -> torch.Tensor:
    """Student-t bound on every entry at family-wise level α (Bonferroni over the n(n+1)/2 entries)."""
    entries = samples_se.shape[-1] * (samples_se.shape[-1] + 1) // 2
    return stats.t.ppf(1 - alpha / (2 * entries), nets - 1) * samples_se


@pytest.mark.parametrize("name", SMOOTH)
def test_depth_one_gram_mean_is_k(name):
    """E[G^(1)] = K^(1) exactly (a_r² and σ′σ′ are independent per neuron), so the mean of G^(1) over 64 nets
    at m = 256 is within the CLT bound t_{63}·ŝ/√64 of K^(1)."""
    X = data.sphere(5, 4, generator=_gen(2))
    G = _gram_samples(X, 1, name, 256, 64)
    se = G.std(0) / math.sqrt(64)
    assert ((G.mean(0) - deep_smooth.ntk_gram(X, 1, name)).abs() <= _clt_bound(se, 64)).all()


def _richardson(X, depth, name, m, nets, full=False):
    """2·mean(G at 2m) − mean(G at m): E[G_m] = K + β/m + O(m⁻²), so this removes the 1/m bias; its standard
    error is √(4·s²_{2m} + s²_m)/√nets."""
    G1, G2 = (_gram_samples(X, depth, name, w, nets, full=full) for w in (m, 2 * m))
    se = (4 * G2.var(0) + G1.var(0)).sqrt() / math.sqrt(nets)
    return 2 * G2.mean(0) - G1.mean(0), se


def test_deep_gram_limit_is_k_with_the_corrected_superscript():
    """H = 2: the Richardson-extrapolated mean of G^(2) is within the CLT bound of K^(2) under the block of
    K^(1), and outside it for the definition's literal superscript (the block of K^(0)). Orthogonal inputs and
    σ = z² make the two differ most: literal K^(2)_ij = K^(1)_ij·(4/3)K^(0)_ij = 0, corrected (1/3)(4/9)."""
    X = torch.cat([torch.eye(4, dtype=F64), torch.full((1, 4), 0.5, dtype=F64)])
    R, se = _richardson(X, 2, "quadratic", 128, 128)
    levels = deep_smooth.kernels(X, 2, "quadratic")["K"]
    literal = deep_smooth.literal_ntk_gram(X, 2, "quadratic")
    bound = _clt_bound(se, 128)
    assert ((R - levels[2]).abs() <= bound).all()
    assert ((R - literal).abs() > bound).any()


@pytest.mark.parametrize("name", (*SMOOTH, "quadratic"))
@pytest.mark.parametrize("depth", [2, 3])
def test_literal_reading_against_literal_recursion(name, depth):
    """literal_ntk_gram (Definition 5.1 as printed: the last expectation under the block of K^(H−2)) against the
    general-block quadrature with that superscript, within ntk_gram_error; depth 1 has no such block."""
    X = data.sphere(5, 3, generator=_gen(depth))
    levels = _literal_recursion(X, depth, name)
    act = deep_smooth.get_activation(name)
    ref = levels[-2] * act.c_sigma * deep_smooth.pair_expectation(levels[-3], act.derivative, nodes=256)
    ours = deep_smooth.literal_ntk_gram(X, depth, name)
    assert (ours - ref).abs().max() <= deep_smooth.ntk_gram_error(3, depth, name) + 1e-12
    with pytest.raises(InvalidInputError, match="depth"):
        deep_smooth.literal_ntk_gram(X, 1, name)


@pytest.mark.parametrize(("name", "depth"), [("softplus", 2), ("tanh", 3)])
def test_gram_at_init_has_the_law_of_the_net(name, depth):
    """last_layer_gram_at_init (drawn through the layers' n×n Grams) against last_layer_gram of init's m×m
    weights, 2000 nets each at m = 24: every entry's mean within a two-sample CLT bound, standard deviations
    within 10 % (their sampling error at 2000 draws is ≈ 1.6 %)."""
    X = data.sphere(4, 3, generator=_gen(7))
    nets = 2000
    A = deep_smooth_net.last_layer_gram(X, deep_smooth_net.init(3, 24, depth, generator=_gen(8), batch=(nets,)), name)
    B = deep_smooth_net.last_layer_gram_at_init(X, 24, depth, name, generator=_gen(9), batch=(nets,))
    se = ((A.var(0) + B.var(0)) / nets).sqrt()
    assert ((A.mean(0) - B.mean(0)).abs() <= _clt_bound(se, nets)).all()
    assert ((A.std(0) / B.std(0) - 1).abs() <= 0.1).all()


def test_gram_at_init_concentrates_at_k_and_rejects_the_literal_reading():
    """At m = 2^16, softplus, H = 2: the sampled G^(2)(0) is within λ0/4 of K^(2) (the initialisation step's
    conclusion) and farther than λ0/4 from the literal reading's kernel, on every one of 8 draws."""
    X = data.sphere(3, 32, generator=_gen(10))
    G = deep_smooth_net.last_layer_gram_at_init(X, 2**16, 2, "softplus", generator=_gen(11), batch=(8,))
    for kernel, within in ((deep_smooth.ntk_gram, True), (deep_smooth.literal_ntk_gram, False)):
        K = kernel(X, 2, "softplus")
        ratio = torch.linalg.matrix_norm(G - K, 2) / torch.linalg.eigvalsh(K)[0]
        assert bool((ratio <= 0.25).all()) is within, ratio


@pytest.mark.parametrize("memory_bytes", [1, 7 * 3 * 4 * 8 * 4, 2**30])
def test_neuron_sums_add_exactly_m_neurons_however_they_are_chunked(memory_bytes):
    """_neuron_sums draws the m neurons in chunks within a memory budget (one neuron per chunk, 7 of the 10
    then 3, all at once): with f ≡ 1 each neuron adds the all-ones matrix, so the sum is m·11ᵀ exactly."""
    S = torch.eye(4, dtype=F64).expand(3, 4, 4)
    out = deep_smooth_net._neuron_sums(S, 10, _gen(12), torch.ones_like, memory_bytes=memory_bytes)
    assert torch.equal(out, torch.full_like(S, 10.0))


def test_softplus_deep_gram_and_all_layer_limit():
    """H = 3 softplus: the extrapolated means of G^(3) and of the all-layer Gram are within the CLT bound of
    K^(3) and of ntk_limit's Θ∞."""
    X = data.sphere(4, 3, generator=_gen(3))
    for full, limit in ((False, deep_smooth.ntk_gram), (True, deep_smooth.ntk_limit)):
        R, se = _richardson(X, 3, "softplus", 128, 64, full=full)
        assert ((R - limit(X, 3, "softplus")).abs() <= _clt_bound(se, 64)).all()


@pytest.mark.parametrize("name", (*SMOOTH, "quadratic", "relu"))
def test_gradients_and_grams_against_autograd(name):
    d, m, depth, n = 3, 7, 3, 4
    g = _gen(4)
    X = data.sphere(n, d, generator=g, batch=(2,))
    y = torch.randn(2, n, generator=g, dtype=F64)
    net = deep_smooth_net.init(d, m, depth, generator=g, batch=(2,))
    grads, _ = deep_smooth_net.gradients(X, y, net, name)
    params = [w.clone().requires_grad_() for w in (*net.weights, net.a)]
    leaf = deep_smooth_net.Net(tuple(params[:-1]), params[-1])
    out = deep_smooth_net.output(X, leaf, name)
    auto = torch.autograd.grad(0.5 * ((out - y) ** 2).sum(), params, retain_graph=True)
    for ours, ref in zip((*grads.weights, grads.a), auto, strict=True):
        assert torch.allclose(ours, ref, rtol=1e-12, atol=1e-13)
    # per-sample Jacobians: G^(H) uses W^(H)'s block, the all-layer Gram every block
    jac = [torch.autograd.grad(out[b, i], params, retain_graph=True) for b in range(2) for i in range(n)]
    flat = torch.stack(
        [torch.cat([j[p][b_i // n].reshape(-1) for p in range(len(params))]) for b_i, j in enumerate(jac)]
    )
    last = torch.stack([j[depth - 1][b_i // n].reshape(-1) for b_i, j in enumerate(jac)])
    for b in range(2):
        rows = slice(b * n, (b + 1) * n)
        assert torch.allclose(deep_smooth_net.ntk(X, net, name)[b], flat[rows] @ flat[rows].T, rtol=1e-12, atol=1e-13)
        ref_last = last[rows] @ last[rows].T
        assert torch.allclose(deep_smooth_net.last_layer_gram(X, net, name)[b], ref_last, rtol=1e-12, atol=1e-13)


def test_gradient_descent_records_the_residual_of_each_step():
    g = _gen(5)
    X = data.sphere(4, 3, generator=g)
    y = torch.randn(4, generator=g, dtype=F64)
    net = deep_smooth_net.init(3, 16, 2, generator=g, batch=(3,))
    res, final = deep_smooth_net.gradient_descent(X, y, net, "softplus", eta=torch.tensor([0.0, 0.01, 0.02]), steps=2)
    assert res.shape == (3, 3)
    assert torch.allclose(res[0], res[0, :1].expand(3))  # η = 0 does not move
    grads, _ = deep_smooth_net.gradients(X, y, net, "softplus")
    stepped = tuple(w - 0.01 * gw for w, gw in zip(net.weights, grads.weights, strict=True))
    one = deep_smooth_net.Net(stepped, net.a - 0.01 * grads.a)
    u1 = deep_smooth_net.output(X, one, "softplus")
    assert torch.allclose(res[1, 1], ((u1[1] - y) ** 2).sum(), rtol=1e-13)
    assert final.weights[0].shape == (3, 16, 3)


@pytest.mark.parametrize(
    ("call", "word"),
    [
        (lambda X: deep_smooth.ntk_gram(2 * X, 2, "softplus"), "X"),
        (lambda X: deep_smooth.ntk_gram(X, 0, "softplus"), "depth"),
        (lambda X: deep_smooth.ntk_gram(X, 2, "gelu"), "activation"),
        (lambda X: deep_smooth.ntk_gram(X.numpy(), 2, "tanh"), "X"),
        (lambda X: deep_smooth.dual_series("relu"), "relu"),
        (lambda X: deep_smooth_net.init(3, 0, 2, generator=_gen()), "m"),
    ],
)
def test_bad_input_names_the_parameter(call, word):
    X = data.sphere(3, 3, generator=_gen())
    with pytest.raises(InvalidInputError, match=word):
        call(X)


# ---------------------------------------------------------------------------------------------------------
# du2018b trials on synthetic inputs: the three-way decision of λ0 > 0 and the premises said


def test_lambda0_within_its_tolerance_is_undecided():
    from claims.catalogue.du2018b.trials import lambda0_decision

    lam = torch.tensor([1e-3, 4.5e-14, -4.5e-14, -1e-3, 1e-14, 3.1e-12], dtype=F64)
    tol = torch.full_like(lam, 3.1e-12)
    certified = torch.tensor([False, False, False, False, True, False])
    passed, undecided = lambda0_decision(lam, tol, certified)
    assert passed.tolist() == [True, False, False, False, False, False]
    assert undecided.tolist() == [False, True, True, False, False, True]  # λ̂ = τ proves only λ0 ≥ 0
    # failed: a verified negative λ̂ (index 3) and a rank certificate (index 4)


def _premises(claim_id, **params):
    from claims import get
    from claims.spec import Instance

    claim = get(claim_id)
    return claim.premises(Instance(claim.resolve(params), 0), torch.device("cpu"), F64)


def test_thm5_1_premises_name_the_open_constants_and_the_unmet_ones():
    said = _premises("du2018b.thm5.1")
    assert len(said) == 2 and all("constant" in s and "leaves open" in s for s in said)
    assert any("below n = 4" in s for s in _premises("du2018b.thm5.1", m=2))
    assert any("stability limit" in s for s in _premises("du2018b.thm5.1", eta_scale=4.0))
    assert any("stability limit" in s for s in _premises("du2018b.thm5.1", eta=1.0))
    assert not any("stability" in s for s in _premises("du2018b.thm5.1", eta=1e-4))


def test_gram_init_and_lambda0_premises():
    (said,) = _premises("du2018b.gram_init")
    assert "leaves open" in said and "m = " in said
    assert _premises("du2018b.lambda0_positive") == []
    assert "polynomial" in _premises("du2018b.lambda0_positive", activation="quadratic")[0]
